"""Who is in a network on a date, and who stayed.

The rule for dates: a membership covers ``joined_on`` up to the day before ``left_on``. A member
who left on D is not a member on D; one who joined on D is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from crm.access import scope
from networks.models import Membership, Network


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """The condition "this membership covers ``day``" (``prefix`` for use across relations)."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def members_on(*, user: Any, network: Network, on: datetime.date) -> QuerySet[Membership]:
    """The memberships of ``network`` that cover the day ``on``, by organisation name.

    One query on the (network, joined_on, left_on) index.
    """
    return (
        scope(Membership.objects.all(), user)
        .filter(active_on(on), network=network)
        .select_related("organisation", "organisation__gmina", "representative", "term")
        .order_by("organisation__name", "organisation_id")
    )


def network_memberships(*, user: Any, network: Network) -> QuerySet[Membership]:
    """Every period of every member, newest first (the network's full history)."""
    return (
        scope(Membership.objects.all(), user)
        .filter(network=network)
        .select_related("organisation", "representative", "term")
        .order_by("-joined_on", "-id")
    )


def organisation_memberships(*, user: Any, organisation: Any) -> QuerySet[Membership]:
    """The periods of one organisation in every network, newest first."""
    return (
        scope(Membership.objects.all(), user)
        .filter(organisation=organisation)
        .select_related("network", "representative", "term")
        .order_by("-joined_on", "-id")
    )


@dataclass(frozen=True)
class Retention:
    year: int
    joined: int
    still_in: int

    @property
    def rate(self) -> Decimal | None:
        """Share of the year's new members still in, 0–1 with two decimals; None if none."""
        if not self.joined:
            return None
        return (Decimal(self.still_in) / Decimal(self.joined)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def retention(
    *, user: Any, network: Network, year: int, as_of: datetime.date | None = None
) -> Retention:
    """Organisations that joined ``network`` in ``year``, and how many are members on ``as_of``
    (default today) — through the same period or after a rejoin. One aggregate query.
    """
    as_of = as_of or timezone.localdate()
    member_now = Membership.objects.filter(
        active_on(as_of), network=network, organisation=OuterRef("organisation")
    )
    row = (
        scope(Membership.objects.all(), user)
        .filter(
            network=network,
            joined_on__gte=datetime.date(year, 1, 1),
            joined_on__lt=datetime.date(year + 1, 1, 1),
        )
        .annotate(member_now=Exists(member_now))
        .aggregate(
            joined=Count("organisation", distinct=True),
            still_in=Count("organisation", distinct=True, filter=Q(member_now=True)),
        )
    )
    return Retention(year=year, joined=row["joined"] or 0, still_in=row["still_in"] or 0)
