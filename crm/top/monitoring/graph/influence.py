"""What events led to: partnerships and memberships that began among an event's participants
within 12 months after it, and partnerships recorded as coming from it (three queries for all
events of a period)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from crm import access
from crm.top.monitoring.graph.edges import _date, _q
from interactions.models import Event, Participation, ParticipationStatus
from networks.models import Membership, Partnership, PartnershipParty

WINDOW_DAYS = 365


def _plus_window(column: str) -> str:
    if connection.vendor == "sqlite":
        return f"date({column}, '+{WINDOW_DAYS} days')"
    return f"({column} + {WINDOW_DAYS})"


@dataclass
class EventOutcome:
    event: Event
    partnerships: int
    memberships: int


def _counts(sql: str, params: list[Any]) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(event): int(count) for event, count in cursor.fetchall()}


def event_outcomes(
    *, user: Any, start: datetime.date, end: datetime.date, subregion: str | None = None
) -> list[EventOutcome]:
    """Every event begun in ``[start, end]`` (held in ``subregion``) that the user sees, with
    what followed it."""
    e, pa = _q(Event._meta.db_table), _q(Participation._meta.db_table)
    pp, p = _q(PartnershipParty._meta.db_table), _q(Partnership._meta.db_table)
    m = _q(Membership._meta.db_table)
    attended = ParticipationStatus.ATTENDED
    partnerships_sql = f"""
        SELECT DISTINCT e.id, p.id
        FROM {e} e
        JOIN {pa} a1 ON a1.event_id = e.id AND a1.status = %s
        JOIN {pp} x1 ON x1.organisation_id = a1.organisation_id
        JOIN {p} p ON p.id = x1.partnership_id
        JOIN {pp} x2 ON x2.partnership_id = p.id AND x2.organisation_id > x1.organisation_id
        JOIN {pa} a2 ON a2.event_id = e.id AND a2.status = %s
            AND a2.organisation_id = x2.organisation_id
        WHERE e.starts_on >= %s AND e.starts_on <= %s
          AND p.starts_on >= e.starts_on AND p.starts_on <= {_plus_window("e.starts_on")}
    """  # noqa: S608 - only table names from the models are formatted in
    memberships_sql = f"""
        SELECT e.id, COUNT(DISTINCT mm.id)
        FROM {e} e
        JOIN {pa} a1 ON a1.event_id = e.id AND a1.status = %s
        JOIN {m} mm ON mm.organisation_id = a1.organisation_id
        WHERE e.starts_on >= %s AND e.starts_on <= %s
          AND mm.joined_on >= e.starts_on AND mm.joined_on <= {_plus_window("e.starts_on")}
          AND EXISTS (
              SELECT 1 FROM {pa} a2 JOIN {m} m2 ON m2.organisation_id = a2.organisation_id
              WHERE a2.event_id = e.id AND a2.status = %s
                AND a2.organisation_id <> mm.organisation_id
                AND m2.network_id = mm.network_id AND m2.joined_on <= mm.joined_on
                AND (m2.left_on IS NULL OR m2.left_on > mm.joined_on))
        GROUP BY e.id
    """  # noqa: S608 - only table names from the models are formatted in
    bounds = [_date(start), _date(end)]
    with connection.cursor() as cursor:
        cursor.execute(partnerships_sql, [attended, attended, *bounds])
        pairs = set(cursor.fetchall())
    recorded = Partnership.objects.filter(origin_event__starts_on__range=(start, end))
    # Counted per event like the SQL above: a number, whoever looks (monitoring.view).
    pairs |= set(access.scope_statistics(recorded).values_list("origin_event_id", "id"))
    partnerships: dict[int, int] = {}
    for event_id, _partnership in pairs:
        partnerships[event_id] = partnerships.get(event_id, 0) + 1
    memberships = _counts(memberships_sql, [attended, *bounds, attended])
    events = access.scope(Event.objects.filter(starts_on__range=(start, end)), user)
    if subregion:
        events = events.filter(gmina__subregion__slug=subregion)
    return [
        EventOutcome(e, partnerships.get(e.pk, 0), memberships.get(e.pk, 0))
        for e in events.order_by("-starts_on", "-id")
    ]


def _window(event: Event) -> tuple[datetime.date, datetime.date]:
    return event.starts_on, event.starts_on + datetime.timedelta(days=WINDOW_DAYS)


def _attendees(event: Event) -> QuerySet[Participation]:
    return Participation.objects.filter(
        event=event, status=ParticipationStatus.ATTENDED, organisation__isnull=False
    )


def event_partnerships(*, user: Any, event: Event) -> QuerySet[Partnership]:
    """The partnerships of one event's outcome: two of its attending organisations as parties
    within 12 months, or recorded as coming from it."""
    first, last = _window(event)
    attendees = _attendees(event).values("organisation")
    attending = (
        PartnershipParty.objects.filter(partnership=OuterRef("pk"), organisation__in=attendees)
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        access.scope(Partnership.objects.all(), user)
        .annotate(attending=Subquery(attending))
        .filter(Q(starts_on__range=(first, last), attending__gte=2) | Q(origin_event=event))
        .order_by("starts_on", "pk")
    )


def event_memberships(*, user: Any, event: Event) -> QuerySet[Membership]:
    """The memberships of one event's outcome: an attendee joined a network that another
    attendee was a member of on that day."""
    first, last = _window(event)
    attendees = _attendees(event).values("organisation")
    fellow = Membership.objects.filter(
        network=OuterRef("network"),
        organisation__in=attendees,
        joined_on__lte=OuterRef("joined_on"),
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=OuterRef("joined_on")))
    return (
        access.scope(Membership.objects.all(), user)
        .filter(organisation__in=attendees, joined_on__range=(first, last))
        .filter(Exists(fellow.exclude(organisation=OuterRef("organisation"))))
        .select_related("organisation", "network")
        .order_by("joined_on", "pk")
    )
