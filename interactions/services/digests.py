"""The daily follow-up digest: one e-mail per user and day, claimed before it is sent.

Exactly once rests on the row ``FollowUpDigest(user, date)`` (unique) and a conditional UPDATE
that moves it from ``pending`` to ``sending``: whoever changes exactly one row sends, everyone
else (a retried task, a second beat, the command run by hand) finds nothing to claim.

The claim commits before the e-mail leaves, so these functions must not run inside an outer
transaction in production (Celery tasks and the command do not).

A claim older than ``CLAIM_TIMEOUT`` counts as abandoned (the worker was killed) and can be
claimed again. The trade-off: if a worker dies in the instant between the SMTP server accepting
the message and the UPDATE to ``sent``, the reclaim sends that digest a second time. We accept
that tiny window because the alternative (never reclaiming) loses the reminder of everyone whose
worker died before sending, which is the far likelier failure. ``EMAIL_TIMEOUT`` bounds every SMTP
step, so a live worker never holds a claim anywhere near the timeout.

Catching up: the digest for day D lists everything open and due on or before D, so it already
holds whatever an earlier, missed day would have said. The run for D therefore marks earlier rows
that never went out (pending, or abandoned while sending) as ``caught_up`` instead of sending them
late, and it never creates a row for a user whose digest for a later day exists already.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from crm.access import require_capability, unscoped
from crm.audit.services import action_log_write
from crm.mail import DELIVERY_ERRORS as DELIVERY_ERRORS
from crm.mail import describe_error as describe_error
from crm.users import User
from interactions.models import DigestStatus, FollowUp, FollowUpDigest, FollowUpStatus

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
# Reminders are written in Polish until users get a language of their own.
DIGEST_LANGUAGE = "pl"


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=DigestStatus.PENDING) | Q(
        status=DigestStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )


def _due_follow_ups(*, day: datetime.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        status=FollowUpStatus.OPEN,
        due_on__lte=day,
        assignee__is_active=True,
    ).exclude(assignee__email="")


@unscoped("the daily digests cover every assignee's follow-ups")
@transaction.atomic
def follow_up_digests_dispatch(
    *, day: datetime.date, now: datetime.datetime | None = None
) -> list[int]:
    """Create the digest rows for ``day`` and enqueue their sending; returns the user ids.

    Running it again for the same day enqueues only rows still waiting (or abandoned), and the
    claim in ``follow_up_digest_send`` stops any second e-mail.
    """
    now = now or timezone.now()
    due_user_ids = set(_due_follow_ups(day=day).values_list("assignee_id", flat=True))
    covered_later = set(
        FollowUpDigest.objects.filter(user_id__in=due_user_ids, date__gt=day).values_list(
            "user_id", flat=True
        )
    )
    user_ids = sorted(due_user_ids - covered_later)
    FollowUpDigest.objects.bulk_create(
        [FollowUpDigest(user_id=user_id, date=day) for user_id in user_ids],
        ignore_conflicts=True,
    )
    caught_up = (
        FollowUpDigest.objects.filter(date__lt=day)
        .filter(_claimable(now))
        .update(
            status=DigestStatus.CAUGHT_UP,
            caught_up_by=Subquery(
                FollowUpDigest.objects.filter(user=OuterRef("user"), date=day).values("pk")[:1]
            ),
        )
    )
    to_send = list(
        FollowUpDigest.objects.filter(user_id__in=user_ids, date=day)
        .filter(_claimable(now))
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    # Imported here: the tasks module stands on this one.
    from interactions.tasks import send_follow_up_digest

    for user_id in to_send:
        send_follow_up_digest.delay_on_commit(user_id, day.isoformat())
    logger.info(
        "follow-up digests for %s: %d to send, %d earlier caught up",
        day.isoformat(),
        len(to_send),
        caught_up,
    )
    return to_send


def _message(user: User, day: datetime.date, follow_ups: list[FollowUp]) -> EmailMultiAlternatives:
    with translation.override(DIGEST_LANGUAGE):
        context = {
            "user": user,
            "day": day,
            "overdue": [f for f in follow_ups if f.due_on < day],
            "due_today": [f for f in follow_ups if f.due_on == day],
        }
        subject = ngettext(
            "Sieć: %(count)d follow-up due",
            "Sieć: %(count)d follow-ups due",
            len(follow_ups),
        ) % {"count": len(follow_ups)}
        text = render_to_string("interactions/email/follow_up_digest.txt", context)
        html = render_to_string("interactions/email/follow_up_digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": DIGEST_LANGUAGE},
    )
    message.attach_alternative(html, "text/html")
    return message


@unscoped("a digest lists every follow-up due for its user")
def follow_up_digest_send(*, user_id: int, day: datetime.date) -> str:
    """Claim the digest of ``user_id`` for ``day`` and send it; returns the status it reached.

    Returns ``""`` when there was nothing to claim (sent, being sent, failed or superseded).

    Raises: SMTPException, OSError — the claim is released to ``pending`` first, so a retry
    can claim it again.
    """
    now = timezone.now()
    # A digest for a later day already says everything this one would: never send it late.
    later_digest = FollowUpDigest.objects.filter(user=OuterRef("user"), date__gt=OuterRef("date"))
    claimed = (
        FollowUpDigest.objects.filter(user_id=user_id, date=day)
        .filter(_claimable(now))
        .filter(~Exists(later_digest))
        .update(status=DigestStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return ""
    digest = FollowUpDigest.objects.select_related("user").get(user_id=user_id, date=day)
    mine = FollowUpDigest.objects.filter(pk=digest.pk, status=DigestStatus.SENDING, claimed_at=now)
    user = digest.user
    follow_ups = list(
        _due_follow_ups(day=day)
        .filter(assignee_id=user_id)
        .select_related("organisation", "created_by")
        .order_by("due_on", "id")
    )
    if not follow_ups:
        mine.update(status=DigestStatus.EMPTY)
        return DigestStatus.EMPTY
    message = _message(user, day, follow_ups)
    try:
        message.send()
    except DELIVERY_ERRORS as error:
        mine.update(status=DigestStatus.PENDING, last_error=describe_error(error))
        logger.warning("follow-up digest %s not sent: %s", digest.pk, describe_error(error))
        raise
    mine.update(
        status=DigestStatus.SENT,
        sent_at=timezone.now(),
        follow_up_count=len(follow_ups),
        last_error="",
    )
    action_log_write(
        actor=None,
        verb="interactions.follow_up_digest.sent",
        obj=digest,
        details={"user": user_id, "date": day.isoformat(), "follow_ups": len(follow_ups)},
    )
    return DigestStatus.SENT


def follow_up_digest_fail(*, user_id: int, day: datetime.date, error: str) -> bool:
    """Record that the digest finally could not be sent; managers see it among failed digests."""
    updated = FollowUpDigest.objects.filter(
        user_id=user_id, date=day, status=DigestStatus.PENDING
    ).update(status=DigestStatus.FAILED, last_error=error)
    if updated:
        logger.error("follow-up digest of user %s for %s failed: %s", user_id, day, error)
        action_log_write(
            actor=None,
            verb="interactions.follow_up_digest.failed",
            details={"user": user_id, "date": day.isoformat()},
        )
    return updated == 1


@transaction.atomic
def follow_up_digests_retry(*, actor: Any, digest_ids: list[int]) -> int:
    """Send failed digests again (after the mail server is fixed); returns how many.

    Only a user's newest digest is retried: an older one is already covered by a later e-mail.

    Raises: PermissionDenied (only managers and administrators see failed digests).
    """
    require_capability(actor, "digests.see_failed")
    later_digest = FollowUpDigest.objects.filter(user=OuterRef("user"), date__gt=OuterRef("date"))
    retry = FollowUpDigest.objects.filter(pk__in=digest_ids, status=DigestStatus.FAILED).filter(
        ~Exists(later_digest)
    )
    rows = list(retry.values_list("pk", "user_id", "date"))
    FollowUpDigest.objects.filter(pk__in=[pk for pk, _user, _day in rows]).update(
        status=DigestStatus.PENDING, last_error=""
    )
    from interactions.tasks import send_follow_up_digest

    for pk, user_id, day in rows:
        send_follow_up_digest.delay_on_commit(user_id, day.isoformat())
        action_log_write(
            actor=actor,
            verb="interactions.follow_up_digest.retried",
            details={"digest": pk, "user": user_id, "date": day.isoformat()},
        )
    return len(rows)
