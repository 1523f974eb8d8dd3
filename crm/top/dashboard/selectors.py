"""The headline numbers of the start page, each one aggregate query from ``scope``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from contacts.filters import active_on_condition, statutory_status_active_on
from contacts.models import PES_KINDS, Organisation
from crm.access import scope
from interactions.models import Interaction
from networks.models import Membership, Network
from networks.selectors import networks_with_counts


@dataclass(frozen=True)
class Headline:
    pes: int
    social_enterprises: int
    networks: int
    members: int
    interactions_this_year: int


def headline_numbers(*, user: Any, today: datetime.date) -> Headline:
    organisations = scope(Organisation.objects.all(), user).filter(active_on_condition(today))
    members = (
        scope(Membership.objects.all(), user)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today), joined_on__lte=today)
        .values("organisation")
        .distinct()
        .count()
    )
    start = datetime.date(today.year, 1, 1)
    return Headline(
        pes=organisations.filter(kind__in=PES_KINDS).count(),
        social_enterprises=organisations.filter(statutory_status_active_on(today)).count(),
        networks=scope(Network.objects.all(), user)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .count(),
        members=members,
        interactions_this_year=scope(Interaction.objects.all(), user)
        .filter(occurred_at__date__gte=start)
        .count(),
    )


def networks_for_charts(*, user: Any, today: datetime.date, limit: int = 6) -> list[Any]:
    """The open networks with the most members first: the ones the chart shows by name."""
    return list(
        networks_with_counts(user=user, today=today)
        .filter(closed_on__isnull=True)
        .order_by("-members", "name")[:limit]
    )
