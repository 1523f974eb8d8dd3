"""Celery tasks of the import pipeline: ids in, one service, idempotent."""

from __future__ import annotations

from celery import shared_task

from crm.top.imports.services import import_batch_apply


# acks_late + reject_on_worker_lost: a worker killed mid-apply (OOM, SIGKILL) hands the message
# back to the broker instead of acknowledging it as failed, and the same message resumes the
# batch (it may claim it again: queue._claim). Safe because the apply is idempotent.
@shared_task(
    name="imports.apply_batch",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    default_retry_delay=30,
)
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
