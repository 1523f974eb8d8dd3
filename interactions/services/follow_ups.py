"""Writes to follow-ups: create (directly or as an interaction's next step), close, postpone."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import Organisation
from crm import access
from crm.access import EDITORS, Action, unscoped
from crm.audit.services import action_log_write
from crm.services import assign, loggable, save_checked
from interactions.models import Event, FollowUp, FollowUpStatus, Interaction


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
    event: Event | None = None,
    notes: str = "",
) -> FollowUp:
    """Create a follow-up due on ``due_on`` or ``in_days`` after its interaction (or today).

    From an interaction ("next step in 14 days") the organisation defaults to the interaction's
    first organisation; the assignee always defaults to the actor. A task given to a colleague
    (any active team member, manager or administrator) tells them by e-mail, once.

    Raises: ValidationError (no due date, or both kinds given; an assignee who may not get
    tasks), PermissionDenied.
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
    assignee = assignee if assignee is not None else actor
    _require_assignable(assignee, actor)
    follow_up = FollowUp(
        title=title.strip(),
        notes=notes,
        due_on=due_on,
        assignee=assignee,
        organisation=organisation,
        interaction=interaction,
        event=event,
        created_by=actor if getattr(actor, "pk", None) else None,
        assignee_notified_at=None if _owes_notice(assignee, actor) else timezone.now(),
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
            "event": event.pk if event else None,
        },
    )
    _notify_unless_own(follow_up, actor)
    return follow_up


def _require_assignable(assignee: Any, actor: Any) -> None:
    """Anyone gives a task to themselves; to a colleague only when that colleague works with
    tasks every day: an active team member, manager or administrator."""
    if getattr(assignee, "pk", None) == getattr(actor, "pk", None) and assignee is not None:
        return
    if not getattr(assignee, "is_active", False) or access.role_of(assignee) not in EDITORS:
        raise ValidationError(
            {"assignee": gettext("Tasks go to active team members and managers only.")}
        )


def _owes_notice(assignee: Any, actor: Any) -> bool:
    """Whether the assignee must be told: someone else gave them the task."""
    return getattr(assignee, "pk", None) != getattr(actor, "pk", None)


def _notify_unless_own(follow_up: FollowUp, actor: Any) -> None:
    """Queue the "a task for you" e-mail when someone else gave the task (after the commit).

    A broker that refuses the message does not undo the saved task (``robust``: logged); the
    notice stays owed and the watchdog publishes it again (``follow_up_notices_owed``).
    """
    if not _owes_notice(follow_up.assignee, actor):
        return
    from interactions.tasks import notify_follow_up_assignee

    follow_up_id, assignee_id = follow_up.pk, follow_up.assignee_id

    def publish_notice() -> None:  # named: a robust hook's failure is logged by its name
        notify_follow_up_assignee.delay(follow_up_id, assignee_id)

    transaction.on_commit(publish_notice, robust=True)


UPDATE_FIELDS = frozenset(
    {"title", "notes", "due_on", "assignee", "organisation", "interaction", "event"}
)


@transaction.atomic
def follow_up_update(*, actor: Any, follow_up: FollowUp, **fields: Any) -> FollowUp:
    """Change an open task; a new assignee is told by e-mail once (the notice is claimed).

    Raises: ValidationError (not open; an assignee who may not get tasks), PermissionDenied,
    TypeError (a field that cannot be changed here).
    """
    _require_open(follow_up)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    previous_assignee = follow_up.assignee_id
    changes = assign(follow_up, fields, allowed=UPDATE_FIELDS)
    if not changes:
        return follow_up
    reassigned = follow_up.assignee_id != previous_assignee
    if reassigned:
        _require_assignable(follow_up.assignee, actor)
        follow_up.assignee_notified_at = (
            None if _owes_notice(follow_up.assignee, actor) else timezone.now()
        )
    save_checked(follow_up, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="interactions.follow_up.reassigned"
        if reassigned
        else "interactions.follow_up.updated",
        obj=follow_up,
        details={"fields": loggable(changes), "assignee": follow_up.assignee_id}
        if reassigned
        else {"fields": loggable(changes)},
    )
    if reassigned:
        _notify_unless_own(follow_up, actor)
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
