"""Queue a message to a selection and send it, one claimed recipient row at a time.

Exactly once rests on the recipient rows: ``mailing_create`` writes one per recipient (the
skipped ones too, with their reason) and the task ``mailing.send`` takes the mailing's id only.
The run claims a row with a conditional UPDATE (``pending`` → ``sending``, or a ``sending``
claim with no sign of life for ``TASK_STALE_MINUTES``), commits the claim, sends that one
message, and marks the row ``sent``. A worker killed between two messages leaves every row
either sent or still pending, so the redelivered message or the watchdog (``crm.watchdog``,
publishing a mailing whose heartbeat grew old) goes on where it stopped: nobody is skipped and
nobody gets it twice. The one window left is a kill between the server accepting a message and
the UPDATE to ``sent`` (as for the morning digests): that recipient is sent the same message
again, with the same Message-ID, which mail clients show once.

Runs outside a transaction (a Celery task, or in-process after the request's commit): each
claim must commit before its message leaves.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from crm import access
from crm.audit.services import action_log_write
from crm.top.imports.services.queue import enqueue_on_commit, new_task_id, stale_after
from crm.top.mailing.models import Mailing, Recipient, RecipientStatus
from crm.top.mailing.services.message import footer, values_for
from crm.top.mailing.services.selection import (
    Selection,
    organisation_skip,
    organisations_facts,
    people_facts,
    person_skip,
)
from crm.top.mailing.services.unsubscribe import unsubscribe_token
from crm.top.mailing.templating import check_template, fill_message

logger = logging.getLogger(__name__)

DELIVERY_ERRORS = (smtplib.SMTPException, OSError)
# Rows read per query while sending (each is still claimed on its own).
BATCH = 100


def _publish(mailing_id: int) -> None:
    from crm.top.mailing.tasks import send_mailing  # the tasks module stands on this one

    enqueue_on_commit(send_mailing, [mailing_id], new_task_id())


@transaction.atomic
def mailing_create(
    *,
    actor: Any,
    selection: Selection,
    subject: str,
    body: str,
    site_url: str,
    filter_names: list[str] | None = None,
    event: Any = None,
) -> Mailing:
    """Record the message and one row per recipient, and queue the sending after the commit.

    Raises: PermissionDenied, ValidationError (an unknown placeholder).
    """
    access.require_capability(actor, "mailing.send")
    check_template(subject)
    check_template(body)
    mailing = Mailing.objects.create(
        created_by=actor,
        subject=subject.strip(),
        body=body,
        source=selection.source,
        filter_names=sorted(filter_names or []),
        network=selection.network,
        event=event or selection.event,
        site_url=site_url.rstrip("/"),
    )
    Recipient.objects.bulk_create(
        Recipient(
            mailing=mailing,
            person_id=c.person_id,
            organisation_id=c.organisation_id,
            # A skipped recipient's address is not copied: it is not used.
            email="" if c.skip else c.email,
            status=RecipientStatus.SKIPPED if c.skip else RecipientStatus.PENDING,
            skip_reason=c.skip,
        )
        for c in selection.candidates
    )
    action_log_write(
        actor=actor,
        verb="mailing.queued",
        obj=mailing,
        details={
            "source": selection.source,
            "recipients": len(selection.sendable),
            "skipped": dict(selection.skipped),
        },
    )
    _publish(mailing.pk)
    return mailing


def _claim(recipient_id: int, now: datetime.datetime) -> bool:
    claimable = Q(status=RecipientStatus.PENDING) | Q(
        status=RecipientStatus.SENDING, claimed_at__lt=now - stale_after()
    )
    return (
        Recipient.objects.filter(claimable, pk=recipient_id).update(
            status=RecipientStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def _skip_now(recipient: Recipient) -> str:
    """Whether the recipient may still be written to (a refusal or a restriction may have come
    since the message was queued)."""
    if recipient.person_id is not None:
        return person_skip(people_facts([recipient.person_id])[recipient.person_id])
    organisations, opted_out = organisations_facts([recipient.organisation_id])  # type: ignore[list-item]
    return organisation_skip(organisations[recipient.organisation_id], opted_out)  # type: ignore[index]


def _domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def _message(mailing: Mailing, recipient: Recipient, connection: Any) -> EmailMessage:
    filled = fill_message(
        mailing.subject,
        mailing.body,
        values_for(
            event=mailing.event,
            network=mailing.network,
            person=recipient.person,
            organisation=recipient.organisation,
        ),
    )
    link = mailing.site_url + reverse("mailing:unsubscribe", args=[unsubscribe_token(recipient.pk)])
    return EmailMessage(
        subject=filled.subject,
        body=filled.body.rstrip() + "\n\n" + footer(link),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        connection=connection,
        headers={
            # The same id when a message has to be sent again: clients show it once.
            "Message-ID": f"<mailing-{mailing.pk}-{recipient.pk}@{_domain()}>",
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": "pl",
        },
    )


def _send_one(mailing: Mailing, recipient_id: int, connection: Any) -> str:
    """Claim, send and mark one recipient; the status it reached, or "" when not claimed."""
    if not _claim(recipient_id, timezone.now()):
        return ""
    recipient = Recipient.objects.select_related("person", "organisation").get(pk=recipient_id)
    mine = Recipient.objects.filter(pk=recipient_id, status=RecipientStatus.SENDING)
    skip = _skip_now(recipient)
    if skip:
        mine.update(status=RecipientStatus.SKIPPED, skip_reason=skip, email="")
        return RecipientStatus.SKIPPED
    message = _message(mailing, recipient, connection)
    try:
        message.send()
    except DELIVERY_ERRORS as error:
        connection.close()  # the next message opens a fresh connection
        mine.update(status=RecipientStatus.FAILED, error=describe_error(error))
        logger.warning(
            "mailing %s recipient %s failed: %s", mailing.pk, recipient_id, error.__class__.__name__
        )
        return RecipientStatus.FAILED
    mine.update(
        status=RecipientStatus.SENT,
        sent_at=timezone.now(),
        error="",
        subject=message.subject[:300],
    )
    return RecipientStatus.SENT


def describe_error(error: BaseException) -> str:
    """The error without its text, which may quote the address: its kind and SMTP code."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    return type(error).__name__ + (f" ({code})" if code else "")


@access.unscoped("the sending reads every recipient of the mailing it was given")
def mailing_send_run(*, mailing_id: int) -> str:
    """Send what is left to send of the mailing (the task ``mailing.send``); in a word, what
    happened: "done", "unfinished" (rows claimed by a worker that may still be alive), "gone"."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None:
        return "gone"
    this = Mailing.objects.filter(pk=mailing_id)
    this.exclude(status=Mailing.Status.DONE).update(
        status=Mailing.Status.SENDING, heartbeat_at=timezone.now()
    )
    pause = float(getattr(settings, "MAILING_SEND_INTERVAL", 0) or 0)
    connection = get_connection()
    try:
        while True:
            now = timezone.now()
            waiting = list(
                Recipient.objects.filter(mailing_id=mailing_id)
                .filter(
                    Q(status=RecipientStatus.PENDING)
                    | Q(status=RecipientStatus.SENDING, claimed_at__lt=now - stale_after())
                )
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not waiting:
                break
            for recipient_id in waiting:
                if _send_one(mailing, recipient_id, connection):
                    this.update(heartbeat_at=timezone.now())
                    if pause:
                        time.sleep(pause)
    finally:
        connection.close()
    return _finish(mailing)


def _finish(mailing: Mailing) -> str:
    open_rows = Recipient.objects.filter(
        mailing=mailing, status__in=[RecipientStatus.PENDING, RecipientStatus.SENDING]
    )
    if open_rows.exists():
        return "unfinished"
    finished = Mailing.objects.filter(pk=mailing.pk).exclude(status=Mailing.Status.DONE)
    if finished.update(status=Mailing.Status.DONE, finished_at=timezone.now()):
        counts = dict(
            Recipient.objects.filter(mailing=mailing)
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        action_log_write(actor=None, verb="mailing.sent", obj=mailing, details=counts)
    return "done"


@transaction.atomic
def mailing_resend_failed(
    *, actor: Any, mailing: Mailing, recipient_ids: list[int] | None = None
) -> int:
    """Put the failed recipients (all, or those named) back in the queue and send them again.

    Raises: PermissionDenied.
    """
    access.require_capability(actor, "mailing.send")
    with access.unscoped("the sender re-sends the failures of their mailing"):
        failed = Recipient.objects.filter(mailing=mailing, status=RecipientStatus.FAILED)
        if recipient_ids is not None:
            failed = failed.filter(pk__in=recipient_ids)
        count = failed.update(status=RecipientStatus.PENDING, claimed_at=None)
    if count:
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.QUEUED, finished_at=None, heartbeat_at=timezone.now()
        )
        action_log_write(
            actor=actor, verb="mailing.resent", obj=mailing, details={"recipients": count}
        )
        _publish(mailing.pk)
    return count


def mailings_requeue_stale(*, now: datetime.datetime) -> dict[str, int]:
    """Mailings queued or sending with no sign of life for ``TASK_STALE_MINUTES`` (a lost
    message, a killed worker): published again. The run claims each row before it sends, so a
    mailing that was only slow sends nothing twice."""
    cutoff = now - stale_after()
    stale = Mailing.objects.filter(
        status__in=[Mailing.Status.QUEUED, Mailing.Status.SENDING]
    ).filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
    found = list(stale.values_list("pk", flat=True))
    for mailing_id in found:
        # Marked, so the next round waits a stale period before publishing it again.
        Mailing.objects.filter(pk=mailing_id).update(heartbeat_at=now)
        _publish(mailing_id)
    return {"requeued": len(found)}
