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
    is restricted), PermissionDenied (for an OWES partner: a person out of their reach).
    """
    if person is None and organisation is None:
        raise ValidationError(gettext("Name a person or an organisation."))
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


@unscoped("the rows chosen through scope() are then updated by id")
@transaction.atomic
def participations_mark_attended(
    *, actor: Any, event: Event, participation_ids: Iterable[int]
) -> int:
    """Mark the listed participations of ``event`` as attended in one UPDATE; returns how many.

    Ids of other events, or rows the actor may not change (an OWES partner: events outside
    their subregions), are left alone. The bulk UPDATE writes no per-row field history; the
    action log records which rows changed.

    Raises: PermissionDenied (the actor may change no participation at all).
    """
    access.require(actor, Action.CHANGE, Participation)
    ids = ids_of(participation_ids)
    if not ids:
        return 0
    rows = access.scope(
        Participation.objects.filter(event=event, pk__in=ids), actor, Action.CHANGE
    ).filter(~Q(status=ParticipationStatus.ATTENDED))
    changed_ids = list(rows.values_list("pk", flat=True))
    if not changed_ids:
        return 0
    count = Participation.objects.filter(pk__in=changed_ids).update(
        status=ParticipationStatus.ATTENDED, updated_at=timezone.now()
    )
    action_log_write(
        actor=actor,
        verb="interactions.participation.attended",
        obj=event,
        details={"participations": changed_ids},
    )
    return count
