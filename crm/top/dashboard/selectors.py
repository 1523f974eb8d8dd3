"""What the start page reads: my follow-ups, the headline numbers (one aggregate query each)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from contacts.filters import active_on_condition, statutory_status_held_on
from contacts.models import PES_KINDS, Organisation, SocialEnterpriseStatus
from crm.access import scope_statistics
from crm.filters import start_of_day
from interactions.models import FollowUp, Interaction
from interactions.selectors import follow_ups_open
from networks.models import Membership, Network
from networks.selectors import networks_with_counts

OVERDUE_SHOWN = 10
ALL_ROWS = 2**62


@dataclass(frozen=True)
class Agenda:
    """My open follow-ups: the longest overdue (at most ``OVERDUE_SHOWN``), today's and the
    rest of this week's; how many are overdue and due later."""

    overdue: list[FollowUp]
    overdue_count: int
    today: list[FollowUp]
    this_week: list[FollowUp]
    later_count: int


def agenda(*, user: Any, today: datetime.date) -> Agenda:
    """Three queries on the (assignee, status, due_on) index, however many tasks have piled up:
    the overdue ones are counted, and only the oldest few are read and drawn."""
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    mine = follow_ups_open(user=user)
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        later=Count("pk", filter=Q(due_on__gt=week_end)),
    )
    soon = list(mine.filter(due_on__gte=today, due_on__lte=week_end))
    return Agenda(
        overdue=list(mine.filter(due_on__lt=today)[:OVERDUE_SHOWN]),
        overdue_count=counts["overdue"],
        today=[f for f in soon if f.due_on == today],
        this_week=[f for f in soon if f.due_on > today],
        later_count=counts["later"],
    )


@dataclass(frozen=True)
class Headline:
    pes: int
    social_enterprises: int
    networks: int
    members: int
    interactions_this_year: int


def headline_numbers(*, today: datetime.date) -> Headline:
    """The start page's five numbers, the same for everyone who sees numbers
    (``scope_statistics``: counts only, so a viewer's count of contacts is everyone's)."""
    organisations = scope_statistics(Organisation.objects.all()).filter(active_on_condition(today))
    # In organisation order, PostgreSQL takes the distinct organisations from the
    # (organisation, joined_on) index as they come (16 ms on the ten-year data) instead of
    # hashing 47,000 of them (78 ms); the slice keeps count() from dropping the order.
    members = (
        scope_statistics(Membership.objects.all())
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today), joined_on__lte=today)
        .values("organisation")
        .distinct()
        .order_by("organisation")[:ALL_ROWS]
        .count()
    )
    start = datetime.date(today.year, 1, 1)
    # Both organisation counts in one read of the organisations; the holders as ``pk__in``,
    # which PostgreSQL hashes once (an EXISTS inside a FILTER is a probe per organisation).
    holders = SocialEnterpriseStatus.objects.filter(statutory_status_held_on(today)).values(
        "organisation_id"
    )
    counts = organisations.aggregate(
        pes=Count("pk", filter=Q(kind__in=PES_KINDS)),
        social_enterprises=Count("pk", filter=Q(pk__in=holders)),
    )
    return Headline(
        pes=counts["pes"],
        social_enterprises=counts["social_enterprises"],
        networks=scope_statistics(Network.objects.all())
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .count(),
        members=members,
        # From local midnight of 1 January, an aware instant: ``occurred_at__date__gte`` would
        # cast every row to a local date and read the whole table instead of an index range.
        interactions_this_year=scope_statistics(Interaction.objects.all())
        .filter(occurred_at__gte=start_of_day(start))
        .count(),
    )


def networks_for_charts(*, user: Any, today: datetime.date) -> list[Any]:
    """The open networks with the most members first: the chart draws the first few by name
    and says how many there are in all."""
    return list(
        networks_with_counts(user=user, today=today)
        .filter(closed_on__isnull=True)
        .order_by("-members", "name")
    )
