"""The e-mail that tells a colleague a task is theirs: sent once per assignment.

Exactly once rests on ``FollowUp.assignee_notified_at``: giving or reassigning a task empties
it, and the sender claims the notice with a conditional UPDATE that sets it only while it is
empty and the task is still open and still the same person's. Whoever changes exactly one row
sends; a retried or doubled task finds nothing to claim. A delivery error releases the claim
(so a retry may send), as the daily digests do.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from crm.access import unscoped
from crm.audit.services import action_log_write
from interactions.models import FollowUp, FollowUpStatus
from interactions.services.digests import DELIVERY_ERRORS, DIGEST_LANGUAGE, describe_error

logger = logging.getLogger(__name__)

# How long a notice is owed: after a day the task is in the assignee's list and digest anyway,
# and a "new task" e-mail about an old change would only confuse.
NOTICE_OWED_FOR = datetime.timedelta(days=1)


@unscoped("the notice is about one task, whoever may see it")
def follow_up_assignee_notify(*, follow_up_id: int, assignee_id: int) -> bool:
    """Tell ``assignee_id`` that the task is theirs, unless that was done or the task moved on.

    Returns whether an e-mail went out.

    Raises: SMTPException, OSError (the claim is released first, so a retry may send).
    """
    now = timezone.now()
    claimed = FollowUp.objects.filter(
        pk=follow_up_id,
        assignee_id=assignee_id,
        status=FollowUpStatus.OPEN,
        assignee_notified_at__isnull=True,
    ).update(assignee_notified_at=now)
    if claimed != 1:
        return False
    follow_up = FollowUp.objects.select_related("assignee", "created_by", "organisation").get(
        pk=follow_up_id
    )
    assignee = follow_up.assignee
    if not assignee.email:
        return False
    with translation.override(DIGEST_LANGUAGE):
        context = {"follow_up": follow_up, "user": assignee}
        subject = gettext("Sieć: a task for you: %(title)s") % {"title": follow_up.title}
        text = render_to_string("interactions/email/follow_up_assigned.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[assignee.email],
        headers={"Content-Language": DIGEST_LANGUAGE},
    )
    try:
        message.send()
    except DELIVERY_ERRORS as error:
        FollowUp.objects.filter(pk=follow_up_id, assignee_notified_at=now).update(
            assignee_notified_at=None
        )
        logger.warning("task notice %s not sent: %s", follow_up_id, describe_error(error))
        raise
    action_log_write(
        actor=None,
        verb="interactions.follow_up.assignee_notified",
        obj=follow_up,
        details={"assignee": assignee_id},
    )
    return True


@unscoped("the watchdog looks at every task whose notice may have been lost")
def follow_up_notices_owed(
    *, now: datetime.datetime, stale: datetime.timedelta
) -> list[tuple[int, int]]:
    """(task, assignee) of open tasks given to someone not told yet although the change is older
    than ``stale`` (its message lost, the broker down, every retry failed) and younger than
    ``NOTICE_OWED_FOR``."""
    return list(
        FollowUp.objects.filter(
            status=FollowUpStatus.OPEN,
            assignee_notified_at__isnull=True,
            updated_at__lt=now - stale,
            updated_at__gte=now - NOTICE_OWED_FOR,
        )
        .order_by("updated_at")
        .values_list("pk", "assignee_id")
    )
