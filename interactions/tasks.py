"""Celery tasks of the interactions app: the daily follow-up digests."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.utils import timezone

from interactions.models import DigestStatus
from interactions.services.assignments import follow_up_assignee_notify
from interactions.services.digests import (
    DELIVERY_ERRORS,
    describe_error,
    follow_up_digest_fail,
    follow_up_digest_send,
    follow_up_digests_dispatch,
)

logger = logging.getLogger(__name__)

DIGEST_MAX_RETRIES = 5
DIGEST_RETRY_FACTOR_SECONDS = 60
DIGEST_RETRY_MAX_SECONDS = 30 * 60


@shared_task(name="interactions.dispatch_follow_up_digests", acks_late=True)
def dispatch_follow_up_digests(day_iso: str | None = None) -> int:
    """Beat runs this at 07:00 Europe/Warsaw; without a date it is today in that zone."""
    day = datetime.date.fromisoformat(day_iso) if day_iso else timezone.localdate()
    return len(follow_up_digests_dispatch(day=day))


@shared_task(
    name="interactions.send_follow_up_digest",
    bind=True,
    acks_late=True,
    max_retries=DIGEST_MAX_RETRIES,
)
def send_follow_up_digest(self, user_id: int, day_iso: str) -> str:  # type: ignore[no-untyped-def]
    """Send one digest; retry delivery errors with backoff, then record the digest failed.

    The final failure is recorded here rather than raised, so one unreachable mailbox never
    stops the other digests of the same run (in-process, they run one after another).
    A worker waits up to 1, 2, 4, 8, 16 minutes between tries (full jitter).
    """
    day = datetime.date.fromisoformat(day_iso)
    try:
        return follow_up_digest_send(user_id=user_id, day=day)
    except DELIVERY_ERRORS as error:
        if self.request.retries >= self.max_retries:
            follow_up_digest_fail(user_id=user_id, day=day, error=describe_error(error))
            return DigestStatus.FAILED
        if self.request.is_eager:
            # In-process (no broker) nobody comes back later, and a raised Retry would break
            # the run: try again at once, as many times as a worker would.
            retried = self.apply(args=(user_id, day_iso), retries=self.request.retries + 1)
            return str(retried.result)
        countdown = get_exponential_backoff_interval(
            factor=DIGEST_RETRY_FACTOR_SECONDS,
            retries=self.request.retries,
            maximum=DIGEST_RETRY_MAX_SECONDS,
            full_jitter=True,
        )
        raise self.retry(exc=error, countdown=countdown) from error


NOTICE_MAX_RETRIES = 3


@shared_task(
    name="interactions.notify_follow_up_assignee",
    bind=True,
    acks_late=True,
    max_retries=NOTICE_MAX_RETRIES,
)
def notify_follow_up_assignee(self, follow_up_id: int, assignee_id: int) -> bool:  # type: ignore[no-untyped-def]
    """Tell a colleague that a task is theirs, once; retried a few times on delivery errors.

    A notice that still fails stays owed (logged): the watchdog publishes it again for a day
    (``NOTICE_OWED_FOR``); later the task is on their list and in their digest anyway, and a
    late "new task" e-mail would only confuse.
    """
    try:
        return follow_up_assignee_notify(follow_up_id=follow_up_id, assignee_id=assignee_id)
    except DELIVERY_ERRORS as error:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.warning(
                "task notice %s left to the watchdog: %s", follow_up_id, describe_error(error)
            )
            return False
        raise self.retry(exc=error, countdown=60 * (self.request.retries + 1)) from error
