"""Large exports in the background: queued as a row, claimed by one worker, with progress.

``export_job_start`` checks what the person may export and records the job; its message is
published when the transaction commits, with the job's id only. ``export_job_run`` (the task
``exports.export_to_storage``) claims the job with a conditional UPDATE, writes the file
through Django's storage and reports its progress every ``PROGRESS_EVERY`` rows; a job that
was claimed but shows no progress for ``TASK_STALE_MINUTES`` (its worker killed) may be claimed
again, so ``export_jobs_requeue_stale`` (the watchdog) only publishes it anew. Writing the same
file twice is harmless: the second run replaces nothing the person has already downloaded.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from crm import access
from crm.audit.services import action_log_write
from crm.exports.models import ExportJob
from crm.exports.registry import EXPORTS
from crm.exports.services import FORMATS, export_named, export_size

logger = logging.getLogger(__name__)

# A job claimed this many times without finishing kills its worker: it fails with the reason.
MAX_ATTEMPTS = 3


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.TASK_STALE_MINUTES)


def _publish(job_id: int) -> None:
    from crm.exports.tasks import export_to_storage

    try:
        export_to_storage.apply_async(args=[job_id])
    except Exception as error:
        logger.warning("export job %s not published: %s", job_id, type(error).__name__)


def export_job_start(
    *, actor: Any, name: str, filters: dict[str, Any], fmt: str, total: int | None = None
) -> ExportJob:
    """Record the export of the list ``name`` for ``actor`` and queue it after the commit.

    Raises: KeyError for an unknown list, PermissionDenied, ValueError (a format, a filter).
    """
    if name not in EXPORTS:
        raise KeyError(name)
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if total is None:
        total = export_size(actor=actor, name=name, filters=filters)
    job = ExportJob.objects.create(
        requested_by=actor, name=name, filters=dict(filters), fmt=fmt, total=total
    )
    action_log_write(
        actor=actor, verb="exports.job.queued", obj=job, details={"list": name, "rows": total}
    )
    transaction.on_commit(lambda: _publish(job.pk))
    return job


def _claim(job_id: int, now: datetime.datetime) -> bool:
    """Take the job: queued, or running with no progress for the stale period."""
    claimable = Q(status=ExportJob.Status.QUEUED) | Q(
        status=ExportJob.Status.RUNNING, heartbeat_at__lt=now - stale_after()
    )
    return bool(
        ExportJob.objects.filter(claimable, pk=job_id).update(
            status=ExportJob.Status.RUNNING,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            done=0,
        )
    )


def export_job_run(*, job_id: int) -> str:
    """Write the job's file (the task behind ``export_job_start``); what happened, in a word."""
    if not _claim(job_id, timezone.now()):
        return "not claimed"
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.attempts > MAX_ATTEMPTS:
        _fail(job, "attempts")
        return "failed"

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
            done=rows, heartbeat_at=timezone.now()
        )

    try:
        exported = export_named(
            actor=job.requested_by,
            name=job.name,
            filters=job.filters,
            fmt=job.fmt,
            progress=progress,
        )
    except Exception as error:
        _fail(job, type(error).__name__)
        logger.exception("export job %s failed", job.pk)
        return "failed"
    job.file.save(exported.filename, ContentFile(exported.content), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file=job.file.name,
        filename=exported.filename,
        done=exported.rows,
        total=exported.rows,
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )
    return "done"


def _fail(job: ExportJob, reason: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=reason, finished_at=timezone.now()
    )


def export_jobs_requeue_stale(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Jobs queued or running with no sign of life for ``TASK_STALE_MINUTES``: published again
    (the run claims the job first, so a job that was only slow is not written twice)."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    stale = ExportJob.objects.filter(
        Q(status=ExportJob.Status.QUEUED, created_at__lt=cutoff)
        & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=cutoff))
        | Q(status=ExportJob.Status.RUNNING, heartbeat_at__lt=cutoff)
    ).values_list("pk", flat=True)
    found = list(stale)
    for job_id in found:
        # Marked, so the next round waits a stale period before sending it again.
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(heartbeat_at=now)
        transaction.on_commit(partial(_publish, job_id))
    return {"requeued": len(found)}


def export_job_for(*, user: Any, pk: int) -> ExportJob | None:
    """The job ``pk`` if ``user`` asked for it (nobody else sees someone's export)."""
    if access.role_of(user) is None:
        return None
    return ExportJob.objects.filter(pk=pk, requested_by=user).first()


def export_jobs_of(*, user: Any) -> QuerySet[ExportJob]:
    """The exports ``user`` asked for, newest first (nobody else's)."""
    if access.role_of(user) is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at", "-id")
