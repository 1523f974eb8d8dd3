"""Writes to events and who took part in them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import Organisation, Person
from contacts.services.linking import person_require_linkable
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write
from crm.services import assign, save_checked
from interactions.models import Event, Participation, ParticipationStatus
from interactions.services.common import ids_of
from interactions.services.registration import participations_insert

EVENT_FIELDS = frozenset(
    {
        "kind",
        "title",
        "starts_on",
        "ends_on",
        "gmina",
        "gmina_id",
        "address",
        "organiser",
        "organiser_id",
        "description",
    }
)


@transaction.atomic
def event_create(
    *, actor: Any, kind: str, title: str, starts_on: datetime.date, **fields: Any
) -> Event:
    """Raises: ValidationError, PermissionDenied, TypeError (unknown field)."""
    event = Event(kind=kind, title=title.strip(), starts_on=starts_on)
    assign(event, fields, allowed=EVENT_FIELDS)
    event.created_by = actor if getattr(actor, "pk", None) else None
    save_checked(event, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor, verb="interactions.event.created", obj=event, details={"kind": kind}
    )
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, **fields: Any) -> Event:
    """Change the given fields; nothing is written when nothing changes.

    Raises: ValidationError, PermissionDenied, TypeError (unknown field).
    """
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    changes = assign(event, fields, allowed=EVENT_FIELDS)
    if not changes:
        return event
    save_checked(event, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="interactions.event.updated",
        obj=event,
        details={"fields": sorted(changes)},
    )
    return event


@unscoped("one participation per person (or organisation) and event, seen or not")
@transaction.atomic
def participation_register(
    *,
    actor: Any,
    event: Event,
    person: Person | None = None,
    organisation: Organisation | None = None,
    status: str = ParticipationStatus.REGISTERED,
    notes: str = "",
) -> Participation:
    """Register (or re-mark) a person and / or an organisation for ``event``.

    A person already on the list keeps their one row and gets the new status; so does an
    organisation registered without a named person.

    Raises: ValidationError (neither a person nor an organisation; a person whose processing
    is restricted; attendance of an event that has not started), PermissionDenied (for an
    OWES partner: a person out of their reach).
    """
    if person is None and organisation is None:
        raise ValidationError(gettext("Name a person or an organisation."))
    require_event_started(event, status)
    if person is not None:
        existing = Participation.objects.filter(event=event, person=person)
    else:
        existing = Participation.objects.filter(
            event=event, person__isnull=True, organisation=organisation
        )
    participation = existing.select_for_update().first()
    verb = "interactions.participation.updated"
    if participation is None:
        if person is not None:
            person_require_linkable(actor=actor, person=person)
        participation = Participation(event=event, person=person, organisation=organisation)
        verb = "interactions.participation.registered"
        action = Action.ADD
    else:
        action = Action.CHANGE
        if organisation is not None:
            participation.organisation = organisation
    participation.status = status
    if notes:
        participation.notes = notes
    save_checked(participation, actor=actor, action=action)
    action_log_write(
        actor=actor,
        verb=verb,
        obj=event,
        details={"participation": participation.pk, "status": status},
    )
    return participation


# Attendance is a fact about a day that came: marking it earlier is a mistake, refused.
MARKED_ON_THE_DAY = frozenset({ParticipationStatus.ATTENDED, ParticipationStatus.NO_SHOW})


def require_event_started(event: Event, status: str) -> None:
    """Raises: ValidationError (on ``status``) for attendance marked before the event starts."""
    if status in MARKED_ON_THE_DAY and event.starts_on > timezone.localdate():
        raise ValidationError(
            {
                "status": gettext(
                    "The event has not started yet (%(date)s): attendance is marked on the day "
                    "or after it."
                )
                % {"date": event.starts_on.strftime("%d.%m.%Y")}
            },
            code="future_event",
        )


@unscoped("the rows chosen through scope() are then updated by id")
@transaction.atomic
def participations_mark(
    *, actor: Any, event: Event, participation_ids: Iterable[int], status: str
) -> int:
    """Give the listed participations of ``event`` one status in one UPDATE; returns how many
    changed (present or absent, ticked on the event page).

    Ids of other events, or rows the actor may not change (an OWES partner: events outside
    their subregions), are left alone. The bulk UPDATE writes no per-row field history; the
    action log records which rows changed.

    Raises: PermissionDenied (the actor may change no participation at all), ValidationError
    (an unknown status; attendance of an event that has not started).
    """
    access.require(actor, Action.CHANGE, Participation)
    if status not in ParticipationStatus.values:
        raise ValidationError({"status": gettext("Unknown status.")}, code="invalid")
    require_event_started(event, status)
    ids = ids_of(participation_ids)
    if not ids:
        return 0
    rows = access.scope(
        Participation.objects.filter(event=event, pk__in=ids), actor, Action.CHANGE
    ).filter(~Q(status=status))
    changed_ids = list(rows.values_list("pk", flat=True))
    if not changed_ids:
        return 0
    count = Participation.objects.filter(pk__in=changed_ids).update(
        status=status, updated_at=timezone.now()
    )
    verb = "attended" if status == ParticipationStatus.ATTENDED else f"marked_{status}"
    action_log_write(
        actor=actor,
        verb=f"interactions.participation.{verb}",
        obj=event,
        details={"participations": changed_ids},
    )
    return count


def participations_mark_attended(
    *, actor: Any, event: Event, participation_ids: Iterable[int]
) -> int:
    """``participations_mark`` as attended (the API's mark-attended action)."""
    return participations_mark(
        actor=actor,
        event=event,
        participation_ids=participation_ids,
        status=ParticipationStatus.ATTENDED,
    )


@unscoped("who is on the list already is decided over every row, seen or not")
@transaction.atomic
def participations_register_organisations(
    *, actor: Any, event: Event, organisations: Iterable[Organisation]
) -> tuple[list[int], list[int]]:
    """Register each organisation (without a named person) for ``event`` in one action: the
    members of a network, or a filtered organisation list.

    An organisation already on the list (with or without a named person) is left as it is.
    Returns the ids of the organisations added and of those already registered.

    Raises: PermissionDenied (the actor may not register for this event).
    """
    access.require(actor, Action.ADD, Participation(event=event))
    wanted = ids_of(organisations)
    already = set(
        Participation.objects.filter(event=event, organisation_id__in=wanted).values_list(
            "organisation_id", flat=True
        )
    )
    added = [pk for pk in wanted if pk not in already]
    # One INSERT per thousand rows (and as many for their history), not a validated save per
    # row: registering a filtered list of 1,000 organisations is one request of a few queries.
    # The event is checked above and the organisations come from the actor's scope.
    participations_insert(actor, [Participation(event=event, organisation_id=pk) for pk in added])
    if added:
        action_log_write(
            actor=actor,
            verb="interactions.participation.registered_many",
            obj=event,
            details={"added": len(added), "already": len(already)},
        )
    return added, [pk for pk in wanted if pk in already]
