"""Writes to follow-ups: create (directly or as an interaction's next step), close, postpone."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import Organisation
from crm.access import Action, unscoped
from crm.audit.services import action_log_write
from crm.services import save_checked
from interactions.models import FollowUp, FollowUpStatus, Interaction


@unscoped("a follow-up of an interaction takes its first organisation")
@transaction.atomic
def follow_up_create(
    *,
    actor: Any,
    title: str,
    due_on: datetime.date | None = None,
    in_days: int | None = None,
    assignee: Any = None,
    organisation: Organisation | None = None,
    interaction: Interaction | None = None,
    notes: str = "",
) -> FollowUp:
    """Create a follow-up due on ``due_on`` or ``in_days`` after its interaction (or today).

    From an interaction ("next step in 14 days") the organisation defaults to the interaction's
    first organisation; the assignee always defaults to the actor.

    Raises: ValidationError (no due date, or both kinds given), PermissionDenied.
    """
    if (due_on is None) == (in_days is None):
        raise ValidationError({"due_on": gettext("Give either a due date or a number of days.")})
    if due_on is None:
        assert in_days is not None  # for mypy: exactly one of the two is set
        start = (
            timezone.localdate(interaction.occurred_at)
            if interaction is not None
            else timezone.localdate()
        )
        due_on = start + datetime.timedelta(days=in_days)
    if organisation is None and interaction is not None:
        organisation = interaction.organisations.order_by("pk").first()
    follow_up = FollowUp(
        title=title.strip(),
        notes=notes,
        due_on=due_on,
        assignee=assignee if assignee is not None else actor,
        organisation=organisation,
        interaction=interaction,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    save_checked(follow_up, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor,
        verb="interactions.follow_up.created",
        obj=follow_up,
        details={
            "assignee": follow_up.assignee_id,
            "due_on": due_on.isoformat(),
            "interaction": interaction.pk if interaction else None,
        },
    )
    return follow_up


def _require_open(follow_up: FollowUp) -> None:
    if follow_up.status != FollowUpStatus.OPEN:
        raise ValidationError({"status": gettext("Only an open follow-up can be changed.")})


@transaction.atomic
def follow_up_complete(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    """Raises: ValidationError (not open), PermissionDenied."""
    _require_open(follow_up)
    follow_up.status = FollowUpStatus.DONE
    follow_up.done_at = timezone.now()
    save_checked(follow_up, actor=actor, action=Action.CHANGE)
    action_log_write(actor=actor, verb="interactions.follow_up.completed", obj=follow_up)
    return follow_up


@transaction.atomic
def follow_up_postpone(
    *,
    actor: Any,
    follow_up: FollowUp,
    due_on: datetime.date | None = None,
    by_days: int | None = None,
) -> FollowUp:
    """Move the due date to ``due_on`` or ``by_days`` later.

    Raises: ValidationError (not open, or the new date is not later), PermissionDenied.
    """
    _require_open(follow_up)
    if (due_on is None) == (by_days is None):
        raise ValidationError({"due_on": gettext("Give either a due date or a number of days.")})
    new_due_on = due_on or follow_up.due_on + datetime.timedelta(days=by_days or 0)
    if new_due_on <= follow_up.due_on:
        raise ValidationError({"due_on": gettext("Postponing needs a later date.")})
    previous = follow_up.due_on
    follow_up.due_on = new_due_on
    save_checked(follow_up, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="interactions.follow_up.postponed",
        obj=follow_up,
        details={"from": previous.isoformat(), "to": new_due_on.isoformat()},
    )
    return follow_up


@transaction.atomic
def follow_up_cancel(*, actor: Any, follow_up: FollowUp, reason: str = "") -> FollowUp:
    """Raises: ValidationError (not open), PermissionDenied."""
    _require_open(follow_up)
    follow_up.status = FollowUpStatus.CANCELLED
    save_checked(follow_up, actor=actor, action=Action.CHANGE, reason=reason)
    action_log_write(actor=actor, verb="interactions.follow_up.cancelled", obj=follow_up)
    return follow_up
