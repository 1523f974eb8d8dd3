"""Calendars of the contact log's tasks and events: each person's private ICS feed (their open
follow-ups and the events they run or are registered for) and an "add to calendar" file of
one event. Written by ``crm.calendar.ics``; the secret address by ``crm.calendar.services``.

"Registered for": a participation of the person with the account's e-mail address (a staff
member registers like anyone else). "Runs": the events the account created.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.access import has_capability, scope
from crm.calendar.ics import CalendarEntry
from interactions.models import Event, FollowUp, Participation, ParticipationStatus
from interactions.selectors import follow_ups_open

# The feed reaches this far back for events (calendars keep what they have already shown).
EVENTS_SINCE_DAYS = 365


def _place(event: Event) -> str:
    parts = [event.address, event.gmina.name if event.gmina is not None else ""]
    return ", ".join(p for p in parts if p)


def event_entry(event: Event, url: str) -> CalendarEntry:
    return CalendarEntry(
        uid=f"event-{event.pk}@siec",
        summary=event.title,
        first_day=event.starts_on,
        last_day=event.ends_on,
        description=f"{event.get_kind_display()}\n{event.description}".strip(),
        location=_place(event),
        url=url,
        categories=str(_("Event")),
    )


def follow_up_entry(follow_up: FollowUp, url: str) -> CalendarEntry:
    organisation = follow_up.organisation.name if follow_up.organisation is not None else ""
    return CalendarEntry(
        uid=f"follow-up-{follow_up.pk}@siec",
        summary=_("Task: %(title)s") % {"title": follow_up.title},
        first_day=follow_up.due_on,
        description=organisation,
        url=url,
        categories=str(_("Task")),
    )


def events_of(*, user: Any, since: datetime.date) -> QuerySet[Event]:
    """Events from ``since`` on that ``user`` created or is registered for (not cancelled)."""
    events = scope(Event.objects.all(), user).filter(starts_on__gte=since)
    mine = Q(created_by=user)
    if user.email and has_capability(user, "personal_data.view"):
        registered = scope(Participation.objects.all(), user).filter(
            event=OuterRef("pk"), person__email__iexact=user.email
        )
        mine |= Q(Exists(registered.exclude(status=ParticipationStatus.NO_SHOW)))
    return events.filter(mine).select_related("gmina").order_by("starts_on", "id")


def feed_entries(*, user: Any, link: Callable[[str, int], str]) -> list[CalendarEntry]:
    """What ``user``'s feed holds; ``link(kind, pk)`` makes the address of a task or event."""
    since = timezone.localdate() - datetime.timedelta(days=EVENTS_SINCE_DAYS)
    entries = [
        follow_up_entry(f, link("follow_up", f.pk))
        for f in follow_ups_open(user=user)
        if has_capability(user, "personal_data.view")
    ]
    entries += [event_entry(e, link("event", e.pk)) for e in events_of(user=user, since=since)]
    return entries
