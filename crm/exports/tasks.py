"""The background export: the job's id in, one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from crm.exports.jobs import export_job_run


@shared_task(
    name="exports.export_to_storage", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def export_to_storage(job_id: int) -> str:
    return export_job_run(job_id=job_id)
