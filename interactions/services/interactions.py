"""Writes to the contact log."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from contacts.models import Organisation
from contacts.services.linking import people_require_linkable
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write
from crm.services import assign, save_checked
from crm.users import Role
from interactions.models import Interaction
from interactions.services.common import ids_of, require_for_organisations

SCALAR_FIELDS = frozenset(
    {"kind", "occurred_at", "has_time", "duration_minutes", "subject", "notes", "outcome"}
)
M2M_FIELDS = ("staff", "organisations", "people", "topics")


def _day_only(interaction: Interaction) -> None:
    """A contact without a time sits at the start of its day in Europe/Warsaw."""
    if not interaction.has_time and interaction.occurred_at is not None:
        day = timezone.localdate(interaction.occurred_at)
        interaction.occurred_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time.min)
        )


FUTURE_CONTACT = _lazy(
    "A contact cannot be dated in the future. Record a planned one as a task (next step)."
)


def not_in_future(day: datetime.date) -> None:
    """A contact is something that happened: one dated after today is a typo or a plan, and
    would count in this year's numbers before it took place.

    Raises: ValidationError.
    """
    if day > timezone.localdate():
        raise ValidationError(FUTURE_CONTACT, code="future")


def _require_past(interaction: Interaction) -> None:
    if interaction.occurred_at is None:
        return
    try:
        not_in_future(timezone.localdate(interaction.occurred_at))
    except ValidationError as error:
        raise ValidationError({"occurred_at": error.messages}) from error


def organisations_require_nameable(*, actor: Any, organisation_ids: list[int]) -> None:
    """An OWES partner names on a contact only organisations of their subregions: a contact
    shows on each organisation's timeline and counts in its subregion's numbers (issue 13).

    Raises: PermissionDenied.
    """
    if access.role_of(actor) != Role.OWES_PARTNER or not organisation_ids:
        return
    wanted = set(organisation_ids)
    editable = access.scope(Organisation.objects.filter(pk__in=wanted), actor, Action.CHANGE)
    if set(editable.values_list("pk", flat=True)) != wanted:
        raise PermissionDenied(
            gettext("This organisation belongs to another subregion: you may not name it.")
        )


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[int]]]:
    scalars = {k: v for k, v in fields.items() if k not in M2M_FIELDS}
    relations = {k: ids_of(v) for k, v in fields.items() if k in M2M_FIELDS}
    return scalars, relations


@unscoped("setting the lists compares them with every stored link")
@transaction.atomic
def interaction_log(
    *,
    actor: Any,
    kind: str,
    organisation: Organisation,
    subject: str,
    occurred_at: datetime.datetime | None = None,
    **optional: Any,
) -> Interaction:
    """Log a contact with the minimum: when defaults to now, the staff to the actor.

    ``optional`` takes ``duration_minutes``, ``notes``, ``outcome`` and the lists ``staff``,
    ``organisations`` (besides ``organisation``), ``people`` and ``topics``.

    Raises: ValidationError, PermissionDenied, TypeError (unknown field).
    """
    scalars, relations = _split(optional)
    organisation_ids = ids_of([organisation, *relations.get("organisations", [])])
    require_for_organisations(actor, Action.ADD, Interaction, organisation_ids)
    organisations_require_nameable(actor=actor, organisation_ids=organisation_ids)
    people_require_linkable(actor=actor, people=relations.get("people", []))
    interaction = Interaction(
        kind=kind, subject=subject.strip(), occurred_at=occurred_at or timezone.now()
    )
    assign(interaction, scalars, allowed=SCALAR_FIELDS)
    _day_only(interaction)
    _require_past(interaction)
    interaction.created_by = actor if getattr(actor, "pk", None) else None
    # Access was decided above, by the organisations: no single row tells it.
    save_checked(interaction, actor=actor, action=None)
    staff = relations.get("staff") or ids_of([actor] if getattr(actor, "pk", None) else [])
    interaction.staff.set(staff)
    interaction.organisations.set(organisation_ids)
    interaction.people.set(relations.get("people", []))
    interaction.topics.set(relations.get("topics", []))
    action_log_write(
        actor=actor,
        verb="interactions.interaction.logged",
        obj=interaction,
        details={"kind": kind, "organisations": organisation_ids},
    )
    return interaction


@unscoped("changing the lists compares them with every stored link")
@transaction.atomic
def interaction_update(*, actor: Any, interaction: Interaction, **fields: Any) -> Interaction:
    """Change the given fields and replace the given lists; nothing is written without change.

    Raises: ValidationError, PermissionDenied, TypeError (unknown field).
    """
    scalars, relations = _split(fields)
    if "organisations" in relations and not relations["organisations"]:
        raise ValidationError({"organisations": gettext("Name at least one organisation.")})
    current_orgs = list(interaction.organisations.values_list("pk", flat=True))
    require_for_organisations(actor, Action.CHANGE, Interaction, current_orgs)
    if "organisations" in relations:
        require_for_organisations(actor, Action.CHANGE, Interaction, relations["organisations"])
        # Only the organisations added now: those named already stay.
        organisations_require_nameable(
            actor=actor,
            organisation_ids=[pk for pk in relations["organisations"] if pk not in current_orgs],
        )
    if "people" in relations:
        # Only the people added now: those named already stay, restricted or not.
        current_people = set(interaction.people.values_list("pk", flat=True))
        people_require_linkable(
            actor=actor, people=[pk for pk in relations["people"] if pk not in current_people]
        )
    if "subject" in scalars:
        scalars["subject"] = scalars["subject"].strip()
    before = interaction.occurred_at
    changed = set(assign(interaction, scalars, allowed=SCALAR_FIELDS))
    _day_only(interaction)
    if interaction.occurred_at != before:
        changed.add("occurred_at")
        _require_past(interaction)
    changes = sorted(changed)
    if changes:
        save_checked(interaction, actor=actor, action=None)
    for name, new_ids in relations.items():
        manager = getattr(interaction, name)
        if set(manager.values_list("pk", flat=True)) != set(new_ids):
            manager.set(new_ids)
            changes.append(name)
    if changes:
        action_log_write(
            actor=actor,
            verb="interactions.interaction.updated",
            obj=interaction,
            details={"fields": sorted(changes)},
        )
    return interaction
