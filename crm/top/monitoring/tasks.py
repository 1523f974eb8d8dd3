"""Celery tasks of monitoring: ids in, one service call, idempotent, bounded retries."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from crm.top.monitoring.graph.picture import draw_in_task, refresh_default
from crm.top.monitoring.report import refresh_numbers
from crm.top.monitoring.report.services import monitoring_report_generate
from crm.top.monitoring.report.shown import count_in_task


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


@shared_task(name="monitoring.refresh", ignore_result=True)
def monitoring_refresh_task() -> None:
    """Beat, every two minutes: the indicators of the last full year and the default graph
    counted ahead of the first page after a write (``crm.top.monitoring.facts``); nothing to
    do when the data is unchanged."""
    refresh_numbers()
    refresh_default()


@shared_task(name="monitoring.draw_graph", ignore_result=True)
def monitoring_draw_graph_task(query: dict[str, Any]) -> None:
    """The graph of a filter drawn again after the data changed (``graph.picture``)."""
    draw_in_task(query)


@shared_task(name="monitoring.count_indicators", ignore_result=True)
def monitoring_count_indicators_task(year: int, subregion_id: int | None, language: str) -> None:
    """The indicators of a year counted again after the data changed (``report.shown``)."""
    count_in_task(year=year, subregion_id=subregion_id, language=language)
