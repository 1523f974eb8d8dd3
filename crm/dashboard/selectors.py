"""The headline numbers of the start page, each one aggregate query from ``scope``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Q

from contacts.filters import active_on_condition, statutory_status_active_on
from contacts.models import PES_KINDS, Organisation
from crm.access import scope


@dataclass(frozen=True)
class Headline:
    pes: int
    social_enterprises: int
    networks: int
    members: int
    interactions_this_year: int


def headline_numbers(*, user: Any, today: datetime.date) -> Headline:
    organisations = scope(Organisation.objects.all(), user).filter(active_on_condition(today))
    network_model = apps.get_model("networks", "Network")
    membership_model = apps.get_model("networks", "Membership")
    interaction_model = apps.get_model("interactions", "Interaction")
    members = (
        scope(membership_model.objects.all(), user)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today), joined_on__lte=today)
        .values("organisation")
        .distinct()
        .count()
    )
    start = datetime.date(today.year, 1, 1)
    return Headline(
        pes=organisations.filter(kind__in=PES_KINDS).count(),
        social_enterprises=organisations.filter(statutory_status_active_on(today)).count(),
        networks=scope(network_model.objects.all(), user)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .count(),
        members=members,
        interactions_this_year=scope(interaction_model.objects.all(), user)
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


def follow_ups_listed(*, user: Any, who: str) -> Any:
    """Open follow-ups of ``who``: "mine", "team" (team members and managers) or "all".

    Others' tasks need the ``follow_ups.see_all`` capability; without it only "mine" is given.
    """
    from crm import access
    from crm.users import Role

    follow_up_model = apps.get_model("interactions", "FollowUp")
    queryset = scope(follow_up_model.objects.all(), user).filter(status="open")
    if who != "mine" and not access.has_capability(user, "follow_ups.see_all"):
        who = "mine"
    if who == "mine":
        queryset = queryset.filter(assignee=user)
    elif who == "team":
        queryset = queryset.filter(assignee__role__in=[Role.TEAM, Role.MANAGER])
    return queryset.select_related("organisation", "assignee", "interaction").order_by(
        "due_on", "id"
    )


def networks_with_counts(*, user: Any, today: datetime.date) -> Any:
    """Networks with ``members`` (organisations in them today), open ones first.

    The count is a correlated subquery per network on the (network, joined_on, left_on)
    index, not a join of every membership: the list stays fast with 100,000 members.
    """
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    network_model = apps.get_model("networks", "Network")
    membership_model = apps.get_model("networks", "Membership")
    current = (
        membership_model.objects.filter(network=OuterRef("pk"), joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .order_by()
        .values("network")
        .annotate(n=Count("organisation", distinct=True))
        .values("n")
    )
    return (
        scope(network_model.objects.all(), user)
        .select_related("subregion", "coordinator")
        .annotate(members=Coalesce(Subquery(current, output_field=IntegerField()), 0))
        .order_by("closed_on", "name")
    )


def subregions_with_gminas() -> list[Any]:
    """Every subregion with its gminas (and their powiats) and its number of organisations."""
    from django.db.models import Count, Prefetch

    from crm.territory.models import Gmina, Subregion

    gminas = Gmina.objects.select_related("powiat").order_by("name")
    return list(
        Subregion.objects.annotate(organisations=Count("gminas__organisations", distinct=True))
        .prefetch_related(Prefetch("gminas", queryset=gminas))
        .order_by("name")
    )
