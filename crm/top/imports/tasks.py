"""Celery tasks of the import pipeline: ids in, one service, idempotent.

Both use acks_late + reject_on_worker_lost: a worker killed mid-task (OOM, SIGKILL) hands its
message back to the broker instead of acknowledging it as failed, and the same message
resumes the batch (it may claim it again: ``services.queue.claim``). Safe because both are
idempotent: the dry run starts from nothing, the apply skips rows already applied.
"""

from __future__ import annotations

from celery import shared_task

from crm.top.imports.services import import_batch_apply, import_batch_plan_run

_SAFE_TO_REDELIVER = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    name="imports.plan_batch", bind=True, max_retries=3, default_retry_delay=30,
    **_SAFE_TO_REDELIVER,
)  # fmt: skip
def plan_batch(self, batch_id: int) -> int:  # type: ignore[no-untyped-def]
    """The dry run of an uploaded batch, in the background (a long file outlasts a request)."""
    try:
        batch = import_batch_plan_run(
            batch_id=batch_id,
            task_id=self.request.id,
            last_try=self.request.retries >= self.max_retries,
        )
    except Exception as error:  # a database hiccup: the next try plans from nothing again
        raise self.retry(exc=error) from error
    return batch.progress_total


@shared_task(
    name="imports.apply_batch", bind=True, max_retries=3, default_retry_delay=30,
    **_SAFE_TO_REDELIVER,
)  # fmt: skip
def apply_batch(self, batch_id: int) -> int:  # type: ignore[no-untyped-def]
    """Apply a confirmed batch; running it again after a crash finishes it, never duplicates."""
    try:
        batch = import_batch_apply(
            batch_id=batch_id,
            task_id=self.request.id,
            last_try=self.request.retries >= self.max_retries,
        )
    except Exception as error:  # a database hiccup: the next try resumes where this one stopped
        raise self.retry(exc=error) from error
    return batch.progress_done
