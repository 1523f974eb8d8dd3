"""The watchdog: background work whose row says "waiting" or "working" but that nobody is doing.

A message can be lost (Redis restarted without its data), held for the broker's visibility
timeout (a whole worker killed: two hours) or acknowledged although its work stopped (a task
without ``reject_on_worker_lost``). Each kind of work keeps its state in a row, so beat runs
``stuck_work_requeue`` every two minutes and each part below finds the rows with no sign of
life for ``TASK_STALE_MINUTES`` and publishes their task again. Every task it re-publishes is
idempotent and claims its row first, so a message that was only slow, not lost, does nothing
twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from contacts.services.notices import privacy_notices_requeue_stale
from crm.audit.services import action_log_write
from crm.exports.jobs import export_jobs_requeue_stale
from crm.top.imports.services.queue import (
    enqueue_on_commit,
    import_batches_requeue_stale,
    new_task_id,
    stale_after,
)
from crm.top.mailing.services import mailings_requeue_stale
from crm.top.monitoring.models import MonitoringReport
from interactions.models import DigestStatus, FollowUpDigest
from interactions.services.assignments import follow_up_notices_owed
from interactions.services.digests import CLAIM_TIMEOUT

# A report still pending after this many stale periods is given up (a report that kills its
# worker each time must not be retried forever); the person may ask for it again.
REPORT_GIVE_UP_PERIODS = 6


def monitoring_reports_requeue_stale(*, now: datetime.datetime) -> dict[str, int]:
    """Pending reports untouched for ``TASK_STALE_MINUTES``: generated again (a ready report is
    left alone by the task); pending far longer: failed, so nothing stays "being generated"."""
    from crm.top.monitoring.tasks import monitoring_report_generate_task

    cutoff = now - stale_after()
    give_up = now - stale_after() * REPORT_GIVE_UP_PERIODS
    pending = MonitoringReport.objects.filter(
        status=MonitoringReport.Status.PENDING, updated_at__lt=cutoff
    ).values_list("pk", "created_at", "updated_at")
    counts = {"requeued": 0, "failed": 0}
    for pk, created_at, updated_at in pending:
        with transaction.atomic():
            same = MonitoringReport.objects.filter(
                pk=pk, status=MonitoringReport.Status.PENDING, updated_at=updated_at
            )
            if created_at < give_up:
                counts["failed"] += same.update(
                    status=MonitoringReport.Status.FAILED, finished_at=now, updated_at=now
                )
                continue
            if same.update(updated_at=now):
                enqueue_on_commit(monitoring_report_generate_task, [pk], new_task_id())
                counts["requeued"] += 1
    return counts


def follow_up_digests_requeue_stale(*, now: datetime.datetime) -> dict[str, int]:
    """Today's digests never tried (their message lost) or abandoned while sending: sent
    again. The send claims the digest first, so one that is already going out is not doubled;
    earlier days are caught up by the next morning's run, as the digests module says."""
    from interactions.tasks import send_follow_up_digest

    today = timezone.localdate(now)
    never_tried = FollowUpDigest.objects.filter(
        date=today,
        status=DigestStatus.PENDING,
        attempts=0,
        created_at__lt=now - stale_after(),
    )
    abandoned = FollowUpDigest.objects.filter(
        date=today, status=DigestStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    users = sorted(
        set(never_tried.values_list("user_id", flat=True))
        | set(abandoned.values_list("user_id", flat=True))
    )
    for user_id in users:
        enqueue_on_commit(send_follow_up_digest, [user_id, today.isoformat()], new_task_id())
    return {"requeued": len(users)}


def follow_up_notices_requeue_lost(*, now: datetime.datetime) -> dict[str, int]:
    """The "a task for you" e-mails owed for longer than ``TASK_STALE_MINUTES``: published again.
    The send claims the notice first, so one that went out meanwhile is not doubled."""
    from interactions.tasks import notify_follow_up_assignee

    owed = follow_up_notices_owed(now=now, stale=stale_after())
    for follow_up_id, assignee_id in owed:
        enqueue_on_commit(notify_follow_up_assignee, [follow_up_id, assignee_id], new_task_id())
    return {"requeued": len(owed)}


def privacy_notices_requeue_lost(*, now: datetime.datetime) -> dict[str, int]:
    """Art. 14 notices queued or being sent with no sign of life: published again (the send
    claims the notice first, so one that went out meanwhile is not doubled)."""
    from contacts.tasks import send_privacy_notice

    lost = privacy_notices_requeue_stale(now=now, stale=stale_after())
    for notice_id in lost:
        enqueue_on_commit(send_privacy_notice, [notice_id], new_task_id())
    return {"requeued": len(lost)}


def stuck_work_requeue(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Every part of the watchdog once; what it did, per kind of work."""
    now = now or timezone.now()
    done = {
        "imports": import_batches_requeue_stale(now=now),
        "reports": monitoring_reports_requeue_stale(now=now),
        "digests": follow_up_digests_requeue_stale(now=now),
        "exports": export_jobs_requeue_stale(now=now),
        "notices": follow_up_notices_requeue_lost(now=now),
        "mailings": mailings_requeue_stale(now=now),
        "privacy_notices": privacy_notices_requeue_lost(now=now),
    }
    if (
        done["reports"]["requeued"]
        or done["reports"]["failed"]
        or done["digests"]["requeued"]
        or done["notices"]["requeued"]
        or done["mailings"]["requeued"]
        or done["privacy_notices"]["requeued"]
    ):
        action_log_write(
            actor=None,
            verb="crm.watchdog.requeued",
            details={
                "reports": done["reports"],
                "digests": done["digests"],
                "notices": done["notices"],
                "mailings": done["mailings"],
                "privacy_notices": done["privacy_notices"],
            },
        )
    return done
