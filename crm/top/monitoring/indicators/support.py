"""Indicators over the contact log and events: contacts, advisory hours, participants.

A contact counts through its organisations: once, where its organisation with the lowest id
is (contacts with several organisations are few, and a place is needed for the breakdowns);
a contact with no organisation has no place and is not counted. An event counts where it took
place, and so do its participants. Only what has taken place counts: a contact logged for
later today or an event that has not begun yet is a plan, not support given in the year.
"""

from __future__ import annotations

import datetime

from django.db.models import Aggregate, Count, Q, QuerySet, Sum, Value
from django.utils import timezone

from crm.top.monitoring.indicators.base import Measure, Period, filtered, indicator
from crm.top.monitoring.indicators.organisations import ORG_POWIAT, ORG_SUBREGION, organisations
from crm.top.monitoring.models import ContactLink
from interactions.models import (
    Event,
    EventKind,
    InteractionKind,
    Participation,
    ParticipationStatus,
)

INTERACTION_KIND_LABELS = dict(InteractionKind.choices)
EVENT_KIND_LABELS = dict(EventKind.choices)


def year_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The year as local (Europe/Warsaw) instants: contacts at 23:30 on 31 Dec count in it."""
    start = timezone.make_aware(datetime.datetime(period.year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(period.year + 1, 1, 1))


def _in_year(period: Period, prefix: str = "") -> Q:
    """In the year and already past (a range on the indexed instant, not a date cast). A past
    year needs no "by now": its queries then read alike, and the measures of one year are
    counted in one pass (``batch``)."""
    start, end = year_bounds(period)
    in_year = Q(**{f"{prefix}occurred_at__gte": start, f"{prefix}occurred_at__lt": end})
    now = timezone.now()
    return in_year if end <= now else in_year & Q(**{f"{prefix}occurred_at__lte": now})


def _links(period: Period) -> QuerySet[ContactLink]:
    """The year's links of the contact log (``ContactLink``: one index range, not the whole
    link table)."""
    return ContactLink.objects.filter(_in_year(period))


def _interactions(
    period: Period, condition: Q, value: Aggregate, decimals: int = 0, divisor: int = 1
) -> Measure:
    return filtered(
        # One link per contact: to its organisation with the lowest id.
        _links(period).filter(is_first=True),
        condition,
        value=value,
        subregion=f"organisation__{ORG_SUBREGION}",
        powiat=f"organisation__{ORG_POWIAT}",
        category="kind",
        category_labels=INTERACTION_KIND_LABELS,
        organisation_path="interaction__organisations",
        decimals=decimals,
        divisor=divisor,
    )


@indicator("interactions")
def interactions(period: Period) -> Measure:
    """Contacts with organisations logged in the year, by kind."""
    # COUNT(1), not of the key: the copy's time index then answers alone (an index-only scan).
    return _interactions(period, Q(), Count(Value(1)))


@indicator("advisory_hours")
def advisory_hours(period: Period) -> Measure:
    """Hours of advisory (consultations) in the year: their durations in minutes / 60."""
    # Minutes summed exactly, hours shown: ``divisor``.
    return _interactions(
        period,
        Q(kind=InteractionKind.CONSULTATION),
        Sum("duration_minutes"),
        decimals=1,
        divisor=60,
    )


@indicator("organisations_advised")
def organisations_advised(period: Period) -> Measure:
    """Organisations with at least one consultation in the year (each once)."""
    consulted = _links(period).filter(kind=InteractionKind.CONSULTATION)
    return organisations(Q(pk__in=consulted.values("organisation")))


def _event_year(period: Period, prefix: str = "") -> Q:
    """Began in the year, and by today."""
    last = min(period.end, timezone.localdate())
    return Q(**{f"{prefix}starts_on__range": (period.start, last)})


@indicator("events")
def events(period: Period) -> Measure:
    """Events that began in the year (and by today), by kind, where they took place."""
    return Measure(
        queryset=Event.objects.filter(_event_year(period)),
        value=Count("pk"),
        subregion="gmina__subregion",
        powiat="gmina__powiat",
        category="kind",
        category_labels=EVENT_KIND_LABELS,
        # The records behind the number are the events themselves: as many as it says.
        organisation_path=None,
    )


@indicator("event_participants")
def event_participants(period: Period) -> Measure:
    """Attendances at events of the year (a person, or an organisation without a named one)."""
    return Measure(
        queryset=Participation.objects.filter(
            _event_year(period, "event__"), status=ParticipationStatus.ATTENDED
        ),
        value=Count("pk"),
        subregion="event__gmina__subregion",
        powiat="event__gmina__powiat",
        category="event__kind",
        category_labels=EVENT_KIND_LABELS,
        organisation_path="organisation",
    )


@indicator("event_organisations")
def event_organisations(period: Period) -> Measure:
    """Organisations represented (attended) at an event of the year, each once."""
    attended = Participation.objects.filter(
        _event_year(period, "event__"),
        organisation__isnull=False,
        status=ParticipationStatus.ATTENDED,
    )
    return organisations(Q(pk__in=attended.values("organisation")))
