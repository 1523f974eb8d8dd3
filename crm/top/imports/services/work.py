"""The background work of a batch: its dry run and its apply, queued and claimed through
``queue.py``; what a worker runs when it has claimed the batch."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.audit.services import action_log_write
from crm.top.imports.models import ImportBatch
from crm.top.imports.pipeline.applying import Applier
from crm.top.imports.pipeline.checks import FileRejected
from crm.top.imports.pipeline.planning import count_outcomes
from crm.top.imports.services.batches import (
    batch_file_missing,
    file_erased_message,
    import_batch_plan,
    import_batch_upload,
)
from crm.top.imports.services.queue import APPLY, PLAN, claim, failed, queue

Status = ImportBatch.Status


def import_batch_plan_queue(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue the dry run of an uploaded batch (again, after its columns were corrected).

    ``batch.enqueued.sent`` says afterwards whether the broker took the message.

    Raises: PermissionDenied, ValidationError when the batch is being imported or was.
    """
    access.require_capability(actor, "imports.run")
    if batch_file_missing(batch):
        raise ValidationError(file_erased_message(), code="file_erased")
    with transaction.atomic():
        taken = ImportBatch.objects.filter(
            pk=batch.pk, status__in=[Status.UPLOADED, Status.PLANNED]
        ).update(status=Status.PLAN_QUEUED)
        if taken != 1:
            raise ValidationError(_("Only an uploaded or planned batch can be planned again."))
        enqueued = queue(
            batch,
            PLAN,
            attempts=0,
            error="",
            planned_at=None,
            progress_done=0,
            progress_total=batch.file_rows,
        )
    batch.refresh_from_db()
    batch.enqueued = enqueued  # type: ignore[attr-defined]
    return batch


def import_batch_plan_run(*, batch_id: int, task_id: str, last_try: bool = True) -> ImportBatch:
    """The worker's dry run of a batch it claimed; a file refused only now fails the batch
    with the reason (``batches._rejected``) and is not tried again."""
    batch = claim(batch_id, task_id, PLAN)
    if batch is None:
        return ImportBatch.objects.get(pk=batch_id)
    try:
        return import_batch_plan(actor=batch.user, batch=batch)
    except FileRejected:
        return ImportBatch.objects.get(pk=batch_id)
    except PermissionDenied:
        ImportBatch.objects.filter(pk=batch_id, status=Status.PLANNING).update(
            status=Status.FAILED, error=_("The person who uploaded the file may no longer import.")
        )
        return ImportBatch.objects.get(pk=batch_id)
    except Exception as error:
        failed(batch, PLAN, error, last_try=last_try)
        raise


def import_batch_confirm(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """The person saw the plan and wants it: queue it for a worker to apply.

    ``batch.enqueued.sent`` says afterwards whether the broker took the message (False: it
    stays queued and the watchdog sends it when the broker is back).

    Raises: PermissionDenied, ValidationError when the batch is not planned.
    """
    access.require_capability(actor, "imports.run")
    with transaction.atomic():
        taken = ImportBatch.objects.filter(pk=batch.pk, status=Status.PLANNED).update(
            status=Status.QUEUED
        )
        if taken != 1:
            raise ValidationError(_("Only a planned batch can be applied."))
        enqueued = queue(batch, APPLY, attempts=0, error="")
        action_log_write(actor=actor, verb="imports.batch.confirmed", obj=batch)
    batch.refresh_from_db()
    batch.enqueued = enqueued  # type: ignore[attr-defined]
    return batch


@access.unscoped("applying writes into every organisation the plan matched")
def import_batch_apply(
    *,
    batch_id: int,
    task_id: str | None = None,
    last_try: bool = True,
    chunk_size: int | None = None,
) -> ImportBatch:
    """Apply (or finish applying) a confirmed batch; a batch already applied is left alone.

    A worker passes its message's ``task_id`` and runs only what it claims. Without one (the
    command, which has no queue) a batch applying, queued or failed is run as it is. Safe to
    run twice or after a crash: rows already applied are skipped. ``last_try``: an error fails
    the batch (otherwise it stays applying for the retry, and the watchdog should that be lost).
    """
    if task_id is not None:
        claimed = claim(batch_id, task_id, APPLY)
        if claimed is None:
            return ImportBatch.objects.get(pk=batch_id)
        batch = claimed
    else:
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.status not in (Status.APPLYING, Status.FAILED, Status.QUEUED):
            return batch
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=Status.APPLYING, heartbeat_at=timezone.now()
        )
    if not batch.planned_at:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(error="")
    try:
        Applier(batch, chunk_size).run()
    except Exception as error:
        failed(batch, APPLY, error, last_try=last_try)
        raise
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != Status.APPLYING:
            return batch  # another worker finished it (or a manager resumed it meanwhile)
        counts = count_outcomes(batch)
        batch.counts = {**batch.counts, **counts, "applied": True}
        batch.status = Status.APPLIED
        batch.applied_at = timezone.now()
        batch.heartbeat_at = batch.applied_at
        batch.progress_done = batch.progress_total
        batch.save()
        action_log_write(
            actor=batch.user, verb="imports.batch.applied", obj=batch, details=dict(counts)
        )
    return batch


def import_batch_run(
    *, actor: Any, source: str, name: str, data: bytes, sheet: str = "", dry_run: bool = False
) -> ImportBatch:
    """The whole pipeline at once, without a worker (the management command).

    Raises: FileRejected, PermissionDenied.
    """
    batch = import_batch_upload(actor=actor, source=source, name=name, data=data, sheet=sheet)
    batch = import_batch_plan(actor=actor, batch=batch, data=data)
    if dry_run:
        return batch
    ImportBatch.objects.filter(pk=batch.pk, status=Status.PLANNED).update(status=Status.APPLYING)
    action_log_write(actor=actor, verb="imports.batch.confirmed", obj=batch)
    return import_batch_apply(batch_id=batch.pk)
