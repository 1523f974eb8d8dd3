"""One task per selected organisation (the organisation list's bulk action).

The tasks go in with one INSERT. A colleague given a hundred tasks at once is not sent a
hundred e-mails: they are on *Moje zadania* at once and in the morning digest when due (the
notice is marked as given, as for a task one sets oneself).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from contacts.models import Organisation
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write_many
from crm.bulk import BulkOutcome, long_statements
from interactions.models import FollowUp
from interactions.services.follow_ups import _require_assignable


@transaction.atomic
def follow_ups_create_for_organisations(
    *,
    actor: Any,
    organisation_ids: Iterable[int],
    title: str,
    due_on: datetime.date,
    assignee: Any,
    notes: str = "",
) -> BulkOutcome:
    """A task "``title``" due on ``due_on`` for ``assignee`` about each organisation.

    Raises: ValidationError (no title; an assignee who may not get tasks).
    """
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what is to be done.")})
    if len(title) > FollowUp._meta.get_field("title").max_length:  # type: ignore[operator]
        raise ValidationError({"title": _("At most 300 characters.")})
    _require_assignable(assignee, actor)
    wanted = sorted(set(organisation_ids))
    outcome = BulkOutcome()
    # A task about an organisation is added by whoever may add one there (scope of FollowUp).
    allowed = set(
        access.scope(Organisation.objects.filter(pk__in=wanted), actor, Action.CHANGE).values_list(
            "pk", flat=True
        )
    )
    if not access.can(actor, Action.ADD, FollowUp):
        allowed = set()
    outcome.refused = {
        pk: _("You may not add tasks about this organisation.")
        for pk in wanted
        if pk not in allowed
    }
    outcome.added = [pk for pk in wanted if pk in allowed]
    now = timezone.now()
    rows = [
        FollowUp(
            title=title,
            notes=notes,
            due_on=due_on,
            assignee=assignee,
            organisation_id=pk,
            created_by=actor if getattr(actor, "pk", None) else None,
            assignee_notified_at=now,
        )
        for pk in outcome.added
    ]
    with long_statements():
        created = bulk_create_with_history(rows, FollowUp, default_user=actor)
    details = {"assignee": assignee.pk, "due_on": due_on.isoformat(), "bulk": True}
    action_log_write_many(
        actor=actor,
        verb="interactions.follow_up.created",
        model=FollowUp,
        rows=((f.pk, "", details) for f in created),
    )
    return outcome
