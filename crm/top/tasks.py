"""The top floor's task: the watchdog that re-queues work nobody is doing (``watchdog.py``)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from crm.top.watchdog import stuck_work_requeue


# Beat sends it every two minutes; a lost one is replaced by the next, so it never expires
# into a backlog and is never retried.
@shared_task(name="crm.watchdog", ignore_result=True, expires=110)
def watchdog() -> dict[str, Any]:
    return stuck_work_requeue()
