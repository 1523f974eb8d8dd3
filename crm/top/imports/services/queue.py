"""A batch's background work: queued together with its state change, claimed by one worker,
resumed by a manager or by the watchdog when nobody is doing it.

Two phases run in the background, each with a waiting and a working state: the dry run
(``plan_queued`` → ``planning``) and the apply (``queued`` → ``applying``). For both:

- the state change and the message go together: the message is published only after the
  transaction that queued the batch commits (``queue``), so a worker never sees a batch that is
  not yet queued, and a broker that is down leaves it queued, never half-confirmed;
- the worker that got the message claims the batch with one conditional UPDATE (``claim``):
  exactly one row changed, or the batch is not its to do. The same message delivered again
  after its worker died (``reject_on_worker_lost``) may claim it again and resumes; any other
  message finds nothing to claim;
- waiting or working without a sign of life (``heartbeat_at``: queued, claimed, every chunk)
  for ``TASK_STALE_MINUTES``: queued again with a new message (``import_batches_requeue_stale``,
  run by the watchdog), or at once by a manager's "Wznów" (``import_batch_resume``). Both
  phases are idempotent (the plan starts from nothing, the apply skips rows already applied and
  commits each chunk with its "applied" marks), so a second worker never duplicates anything;
- a batch claimed ``MAX_ATTEMPTS`` times without finishing (a file that kills its worker each
  time) becomes ``failed`` with the reason; a manager may still resume it.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass
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
from crm.top.imports.services.batches import batch_file_missing, file_erased_message

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


@dataclass(frozen=True)
class Phase:
    """One kind of background work of a batch: its waiting and working states, its task."""

    name: str
    queued: str
    running: str
    task: str  # the task's attribute in crm.top.imports.tasks

    def task_object(self) -> Any:
        from crm.top.imports import tasks  # the tasks module stands on this one

        return getattr(tasks, self.task)


PLAN = Phase("plan", Status.PLAN_QUEUED, Status.PLANNING, "plan_batch")
APPLY = Phase("apply", Status.QUEUED, Status.APPLYING, "apply_batch")
PHASES = (PLAN, APPLY)
WAITING_OR_WORKING = [state for phase in PHASES for state in (phase.queued, phase.running)]


def phase_of(batch: ImportBatch) -> Phase | None:
    """The background work the batch is in, or would be resumed into; None if none."""
    for phase in PHASES:
        if batch.status in (phase.queued, phase.running):
            return phase
    if batch.status == Status.FAILED:
        if batch.planned_at is not None:
            return APPLY
        if batch.stored_file:
            return PLAN
    return None


def queue(batch: ImportBatch, phase: Phase, **changes: Any) -> Enqueued:
    """Mark ``batch`` waiting for ``phase`` with a new message id; publish it after commit."""
    task_id = new_task_id()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=phase.queued, task_id=task_id, heartbeat_at=timezone.now(), **changes
    )
    return enqueue_on_commit(phase.task_object(), [batch.pk], task_id)


def claim(batch_id: int, task_id: str, phase: Phase) -> ImportBatch | None:
    """The worker that got the message takes the batch (exactly one row changes), or None.

    A batch claimed more than ``MAX_ATTEMPTS`` times fails here instead of running again.
    """
    mine = Q(status=phase.queued) | Q(status=phase.running, task_id=task_id)
    claimed = ImportBatch.objects.filter(mine, pk=batch_id).update(
        status=phase.running,
        task_id=task_id,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.attempts > MAX_ATTEMPTS:
        ImportBatch.objects.filter(pk=batch_id, status=phase.running).update(
            status=Status.FAILED, error=gave_up()
        )
        return None
    return batch


def failed(batch: ImportBatch, phase: Phase, error: BaseException, *, last_try: bool) -> None:
    """Record an error of the work; the batch fails on the last try, else waits for a retry
    (and for the watchdog, should the retry be lost)."""
    fail = {"status": Status.FAILED} if last_try else {}
    ImportBatch.objects.filter(pk=batch.pk, status=phase.running).update(
        error=repr(error)[:2000], **fail
    )


def resumable(batch: ImportBatch) -> bool:
    """Whether "Wznów" applies: background work that waits, is stuck or failed."""
    return phase_of(batch) is not None


def import_batch_resume(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue a stuck, lost or failed batch again at once (what the watchdog does later).

    Raises: PermissionDenied, ValidationError when there is nothing to resume or the batch
    moved in the last minute.
    """
    access.require_capability(actor, "imports.resume")
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        phase = phase_of(batch)
        if phase is None:
            raise ValidationError(
                _("Only a queued, interrupted or failed import can be resumed."), code="state"
            )
        if phase is PLAN and batch_file_missing(batch):
            raise ValidationError(file_erased_message(), code="file_erased")
        if (
            batch.status == phase.running
            and batch.heartbeat_at
            and now - batch.heartbeat_at < RESUME_AFTER
        ):
            raise ValidationError(
                _("The import is moving (last progress less than a minute ago): wait for it."),
                code="moving",
            )
        enqueued = queue(batch, phase, attempts=0, error="")
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
    """The watchdog's part for imports: batches waiting for or in a dry run or an apply with
    no sign of life for ``TASK_STALE_MINUTES`` are queued again (a lost message, a killed
    worker, a broker that restarted empty); those claimed ``MAX_ATTEMPTS`` times fail with the
    reason.

    Idempotent: each batch is re-queued by a conditional UPDATE on the heartbeat it was found
    with, so two watchdogs at once queue it once.
    """
    now = now or timezone.now()
    cutoff = now - stale_after()
    found = ImportBatch.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True),
        status__in=WAITING_OR_WORKING,
    )
    counts = {"requeued": 0, "failed": 0}
    for batch in found:
        phase = phase_of(batch)
        assert phase is not None
        with transaction.atomic():
            same = ImportBatch.objects.filter(
                pk=batch.pk, status=batch.status, heartbeat_at=batch.heartbeat_at
            )
            if batch.attempts >= MAX_ATTEMPTS:
                counts["failed"] += same.update(status=Status.FAILED, error=gave_up())
                continue
            task_id = new_task_id()
            if same.update(status=phase.queued, task_id=task_id, heartbeat_at=now):
                enqueue_on_commit(phase.task_object(), [batch.pk], task_id)
                counts["requeued"] += 1
                action_log_write(
                    actor=None,
                    verb="imports.batch.requeued",
                    obj=batch,
                    details={"from": batch.status, "done": batch.progress_done},
                )
    return counts


def gave_up() -> str:
    return _(
        "Stopped after %(n)d attempts: the worker was lost each time. A manager may resume it."
    ) % {"n": MAX_ATTEMPTS}
