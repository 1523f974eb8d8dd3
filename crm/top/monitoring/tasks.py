"""Celery tasks of monitoring: ids in, one service call, idempotent, bounded retries."""

from __future__ import annotations

from celery import shared_task

from crm.top.monitoring.report.services import monitoring_report_generate


@shared_task(
    name="monitoring.generate_report",
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    # A killed worker hands the message back (a ready report is left alone, so running it
    # again is safe); the watchdog (crm.top.watchdog) covers a lost one.
    reject_on_worker_lost=True,
)
def monitoring_report_generate_task(self, report_id: int) -> None:  # type: ignore[no-untyped-def]
    monitoring_report_generate(report_id=report_id)
