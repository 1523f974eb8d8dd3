"""A batch's background work: queued together with its state change, claimed by one worker,
resumed by a manager or by the watchdog when nobody is doing it.

The states and who moves them:

- ``planned`` → ``queued``: the person confirms (``import_batch_confirm``); the message is
  published only after that transaction commits, so a worker never sees a batch that is not
  yet queued, and a broker that is down leaves the batch ``queued``, never half-confirmed;
- ``queued`` → ``applying``: the worker that got the message claims the batch with one
  conditional UPDATE (``_claim``): exactly one row changed, or the batch is not its to do. The
  same message delivered again after its worker died (``reject_on_worker_lost``) may claim it
  again and resumes; any other message finds nothing to claim;
- ``applying`` / ``queued`` without a sign of life (``heartbeat_at``: queued, claimed, every
  chunk) for ``TASK_STALE_MINUTES`` → ``queued`` again with a new message
  (``import_batches_requeue_stale``, run by the watchdog), or at once by a manager's "Wznów"
  (``import_batch_resume``). The apply is resumable (rows already applied are skipped, each
  chunk commits with its "applied" marks), so a second worker never duplicates anything;
- a batch claimed ``MAX_ATTEMPTS`` times without finishing (a file that kills its worker each
  time) becomes ``failed`` with the reason; a manager may still resume it.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from crm import access
from crm.audit.services import action_log_write
from crm.top.imports.models import ImportBatch
from crm.top.imports.pipeline.applying import Applier
from crm.top.imports.pipeline.planning import count_outcomes

logger = logging.getLogger(__name__)
Status = ImportBatch.Status

MAX_ATTEMPTS = 5
# A manager's resume of a batch that moved this recently would only queue a second worker
# behind the first.
RESUME_AFTER = datetime.timedelta(minutes=1)
# What publishing raises when the broker cannot be reached (kombu wraps the transport's
# connection errors once its retries are spent; a refused socket may surface as OSError).
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, OSError, ConnectionError)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.TASK_STALE_MINUTES)


class Enqueued:
    """Whether the message went out: None until the transaction commits, then True or False."""

    sent: bool | None = None


def publish(task: Any, args: list[Any], task_id: str) -> bool:
    """Hand the task to the broker; False (logged, nothing raised) when the broker is down:
    the row stays queued and the watchdog publishes it again."""
    try:
        task.apply_async(args=args, task_id=task_id)
    except BROKER_ERRORS as error:
        logger.warning("task %s for %s not published: %s", task.name, args, type(error).__name__)
        return False
    return True


def queue_unavailable() -> str:
    return _(
        "The task queue cannot be reached right now: the import waits in the queue and starts "
        "by itself within a few minutes of the queue being back. Nothing is lost."
    )


def notice_of(batch: ImportBatch) -> str:
    """What to tell the person after queuing ``batch`` (empty when the message went out)."""
    enqueued = getattr(batch, "enqueued", None)
    return queue_unavailable() if enqueued is not None and enqueued.sent is False else ""


def enqueue_on_commit(task: Any, args: list[Any], task_id: str) -> Enqueued:
    """Publish ``task`` once the current transaction commits (at once outside one)."""
    outcome = Enqueued()

    def send() -> None:
        outcome.sent = publish(task, args, task_id)

    transaction.on_commit(send)
    return outcome


def new_task_id() -> str:
    return str(uuid.uuid4())


def _apply_task() -> Any:
    from crm.top.imports.tasks import apply_batch  # the tasks module stands on this one

    return apply_batch


def _queue(batch: ImportBatch, task: Callable[[], Any], **changes: Any) -> Enqueued:
    """Mark ``batch`` queued with a new message id and publish that message after commit."""
    task_id = new_task_id()
    ImportBatch.objects.filter(pk=batch.pk).update(
        task_id=task_id, heartbeat_at=timezone.now(), **changes
    )
    return enqueue_on_commit(task(), [batch.pk], task_id)


def import_batch_confirm(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """The person saw the plan and wants it: queue it for a worker to apply.

    ``batch.enqueued.sent`` says afterwards whether the broker took the message (False: it
    stays queued and the watchdog sends it when the broker is back).

    Raises: PermissionDenied, ValidationError when the batch is not planned.
    """
    access.require_capability(actor, "imports.run")
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=Status.PLANNED).update(
            status=Status.QUEUED, attempts=0, error=""
        )
        if claimed != 1:
            raise ValidationError(_("Only a planned batch can be applied."))
        enqueued = _queue(batch, _apply_task)
        action_log_write(actor=actor, verb="imports.batch.confirmed", obj=batch)
    batch.refresh_from_db()
    batch.enqueued = enqueued  # type: ignore[attr-defined]
    return batch


def resumable(batch: ImportBatch) -> bool:
    """Whether "Wznów" applies: confirmed work that is queued, stuck or failed."""
    return batch.planned_at is not None and batch.status in (
        Status.QUEUED,
        Status.APPLYING,
        Status.FAILED,
    )


def import_batch_resume(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue a stuck, lost or failed batch again at once (what the watchdog does later).

    Raises: PermissionDenied, ValidationError when there is nothing to resume or the batch
    moved in the last minute.
    """
    access.require_capability(actor, "imports.resume")
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not resumable(batch):
            raise ValidationError(
                _("Only a queued, interrupted or failed import can be resumed."), code="state"
            )
        if (
            batch.status == Status.APPLYING
            and batch.heartbeat_at
            and now - batch.heartbeat_at < RESUME_AFTER
        ):
            raise ValidationError(
                _("The import is moving (last progress less than a minute ago): wait for it."),
                code="moving",
            )
        enqueued = _queue(batch, _apply_task, status=Status.QUEUED, attempts=0, error="")
        action_log_write(
            actor=actor,
            verb="imports.batch.resumed",
            obj=batch,
            details={"from": batch.status, "done": batch.progress_done},
        )
    batch.refresh_from_db()
    batch.enqueued = enqueued  # type: ignore[attr-defined]
    return batch


def import_batches_requeue_stale(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The watchdog's part for imports: batches queued or applying with no sign of life for
    ``TASK_STALE_MINUTES`` are queued again (a lost message, a killed worker, a broker that
    restarted empty); those claimed ``MAX_ATTEMPTS`` times fail with the reason.

    Idempotent: each batch is re-queued by a conditional UPDATE on the heartbeat it was found
    with, so two watchdogs at once queue it once.
    """
    now = now or timezone.now()
    cutoff = now - stale_after()
    found = ImportBatch.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True),
        status__in=[Status.QUEUED, Status.APPLYING],
    )
    counts = {"requeued": 0, "failed": 0}
    for batch in found:
        with transaction.atomic():
            same = ImportBatch.objects.filter(
                pk=batch.pk, status=batch.status, heartbeat_at=batch.heartbeat_at
            )
            if batch.attempts >= MAX_ATTEMPTS:
                counts["failed"] += same.update(status=Status.FAILED, error=_gave_up())
                continue
            task_id = new_task_id()
            if same.update(status=Status.QUEUED, task_id=task_id, heartbeat_at=now):
                enqueue_on_commit(_apply_task(), [batch.pk], task_id)
                counts["requeued"] += 1
                action_log_write(
                    actor=None,
                    verb="imports.batch.requeued",
                    obj=batch,
                    details={"from": batch.status, "done": batch.progress_done},
                )
    return counts


def _gave_up() -> str:
    return _(
        "Stopped after %(n)d attempts: the worker was lost each time. A manager may resume it."
    ) % {"n": MAX_ATTEMPTS}


def _claim(batch_id: int, task_id: str) -> bool:
    """The worker that got the message takes the batch: exactly one row changes, or not."""
    mine = Q(status=Status.QUEUED) | Q(status=Status.APPLYING, task_id=task_id)
    claimed = ImportBatch.objects.filter(mine, pk=batch_id).update(
        status=Status.APPLYING,
        task_id=task_id,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return claimed == 1


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
    command, which has no queue) a batch applying or failed is run as it is. Safe to run twice
    or after a crash: rows already applied are skipped. ``last_try``: an error fails the
    batch (otherwise it stays applying for the retry, and the watchdog should that be lost).
    """
    if task_id is not None:
        if not _claim(batch_id, task_id):
            return ImportBatch.objects.get(pk=batch_id)
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.attempts > MAX_ATTEMPTS:
            ImportBatch.objects.filter(pk=batch_id, status=Status.APPLYING).update(
                status=Status.FAILED, error=_gave_up()
            )
            return ImportBatch.objects.get(pk=batch_id)
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
        failed = {"status": Status.FAILED} if last_try else {}
        ImportBatch.objects.filter(pk=batch.pk, status=Status.APPLYING).update(
            error=repr(error)[:2000], **failed
        )
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
