"""Every write of the mailings: queue a message, send it recipient by recipient, record a
refusal from the unsubscribe link."""

from crm.top.mailing.services.sending import (
    mailing_create,
    mailing_resend_failed,
    mailing_send_run,
    mailings_requeue_stale,
)
from crm.top.mailing.services.unsubscribe import recipient_unsubscribe, unsubscribe_token

__all__ = [
    "mailing_create",
    "mailing_resend_failed",
    "mailing_send_run",
    "mailings_requeue_stale",
    "recipient_unsubscribe",
    "unsubscribe_token",
]
