"""The ground floor's task: the worker's heartbeat, which ``/healthz`` reads."""

from __future__ import annotations

from celery import shared_task

from crm import health


@shared_task(name=health.HEARTBEAT_TASK, ignore_result=True, expires=120)
def heartbeat() -> None:
    """Beat sends this every minute; a worker that runs it is alive (``crm.health``)."""
    health.record(health.WORKER_KEY)
