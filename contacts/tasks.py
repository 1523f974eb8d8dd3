"""Celery tasks of the contacts app: the art. 14 GDPR notice e-mail."""

from __future__ import annotations

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from contacts.models import NoticeStatus
from contacts.services.notices import privacy_notice_email_fail, privacy_notice_email_send
from crm.mail import DELIVERY_ERRORS, describe_error

NOTICE_MAX_RETRIES = 5


@shared_task(
    name="contacts.send_privacy_notice",
    bind=True,
    acks_late=True,
    max_retries=NOTICE_MAX_RETRIES,
)
def send_privacy_notice(self, notice_id: int) -> str:  # type: ignore[no-untyped-def]
    """Send one art. 14 notice (the id only: the address is read when the e-mail is written);
    retry delivery errors with backoff (1, 2, 4, 8, 16 minutes), then record it not delivered.

    The final failure is recorded rather than raised, so one unreachable mailbox never stops
    the other notices of a bulk send (in-process they run one after another).
    """
    try:
        return privacy_notice_email_send(notice_id=notice_id)
    except DELIVERY_ERRORS as error:
        if self.request.retries >= self.max_retries:
            privacy_notice_email_fail(notice_id=notice_id, error=describe_error(error))
            return NoticeStatus.FAILED
        if self.request.is_eager:
            # In-process (no broker) nobody comes back later: try again at once.
            retried = self.apply(args=(notice_id,), retries=self.request.retries + 1)
            return str(retried.result)
        countdown = get_exponential_backoff_interval(
            factor=60, retries=self.request.retries, maximum=30 * 60, full_jitter=True
        )
        raise self.retry(exc=error, countdown=countdown) from error
