"""The sending of a mailing in the background: the mailing's id in, one claimed row at a time."""

from __future__ import annotations

from celery import shared_task

from crm.top.mailing.services import mailing_send_run


# A killed pool child hands the message back (reject_on_worker_lost) and the next run goes on
# where it stopped: each recipient row is claimed before its message leaves.
@shared_task(name="mailing.send", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_mailing(mailing_id: int) -> str:
    return mailing_send_run(mailing_id=mailing_id)
