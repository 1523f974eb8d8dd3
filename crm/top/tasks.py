"""The top floor's tasks: the watchdog that re-queues work nobody is doing (``watchdog.py``)
and the nightly retention run (``retention/services.py``)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from crm.top.retention.services import retention_apply
from crm.top.watchdog import stuck_work_requeue


# Beat sends it every two minutes; a lost one is replaced by the next, so it never expires
# into a backlog and is never retried.
@shared_task(name="crm.watchdog", ignore_result=True, expires=110)
def watchdog() -> dict[str, Any]:
    return stuck_work_requeue()


# Nightly (beat, 02:30). Idempotent: a second run finds nothing left, so a doubled or retried
# message does no harm; its report (counts only) goes to the action log.
@shared_task(name="crm.retention", ignore_result=True, expires=6 * 60 * 60)
def retention() -> dict[str, Any]:
    return {name: r.as_dict() for name, r in retention_apply().items()}
