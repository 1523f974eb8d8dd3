"""Deleting from the contact log and the event list: only managers and administrators.

An event that people attended, or one that a partnership came out of, is history and is
refused; so is an interaction a partnership came out of. What is deleted keeps its field
history (django-simple-history writes a "deleted" record authored by the actor).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user
from interactions.models import Event, FollowUp, Interaction, Participation, ParticipationStatus

# The code of every "still referred to" refusal; the API answers it with 409.
IN_USE = "in_use"


@access.unscoped("a record a partnership came out of stays, whoever sees the partnership")
def _is_partnership_origin(obj: models.Model) -> bool:
    # networks builds on interactions, so its Partnership is reached by the reverse accessor.
    partnerships = getattr(obj, "partnerships", None)
    return partnerships is not None and partnerships.exists()


def _delete(obj: models.Model, *, actor: Any, verb: str, details: dict[str, Any]) -> None:
    action_log_write(actor=actor, verb=verb, obj=obj, details={"id": obj.pk, **details})
    with_history_user(obj, actor)
    obj.delete()


@transaction.atomic
def interaction_delete(*, actor: Any, interaction: Interaction) -> None:
    """Remove a mistaken entry of the contact log; its follow-ups stay, without the link.

    Raises: PermissionDenied, ValidationError (code ``in_use``) when a partnership came out of it.
    """
    access.require(actor, Action.DELETE, interaction)
    if _is_partnership_origin(interaction):
        raise ValidationError(
            gettext("This interaction cannot be deleted: a partnership came out of it."),
            code=IN_USE,
        )
    _delete(interaction, actor=actor, verb="interactions.interaction.deleted", details={})


@transaction.atomic
def follow_up_delete(*, actor: Any, follow_up: FollowUp) -> None:
    """Raises: PermissionDenied."""
    access.require(actor, Action.DELETE, follow_up)
    _delete(
        follow_up,
        actor=actor,
        verb="interactions.follow_up.deleted",
        details={"organisation": follow_up.organisation_id, "status": follow_up.status},
    )


@transaction.atomic
def participation_delete(*, actor: Any, participation: Participation) -> None:
    """Raises: PermissionDenied."""
    access.require(actor, Action.DELETE, participation)
    _delete(
        participation,
        actor=actor,
        verb="interactions.participation.deleted",
        details={"event": participation.event_id, "status": participation.status},
    )


@access.unscoped("an event with attendance stays; its participations go with it")
@transaction.atomic
def event_delete(*, actor: Any, event: Event) -> None:
    """Remove an event nobody attended (its invitations and registrations go with it).

    Raises: PermissionDenied, ValidationError (code ``in_use``) when someone attended it or a
    partnership came out of it.
    """
    access.require(actor, Action.DELETE, event)
    if event.participations.filter(status=ParticipationStatus.ATTENDED).exists():
        raise ValidationError(
            gettext("This event cannot be deleted: people attended it."), code=IN_USE
        )
    if _is_partnership_origin(event):
        raise ValidationError(
            gettext("This event cannot be deleted: a partnership came out of it."), code=IN_USE
        )
    _delete(
        event,
        actor=actor,
        verb="interactions.event.deleted",
        details={"participations": event.participations.count()},
    )
