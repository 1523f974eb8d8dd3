"""A large export is written by a worker: a progress page, then a download link for the person
who asked; a job whose worker died is found by the watchdog and finished."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm.exports import jobs
from crm.exports.models import ExportJob
from crm.top.watchdog import stuck_work_requeue
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_BACKGROUND_ROWS = 2
    return tmp_path


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_large_export_shows_progress_then_a_download_for_its_owner_only(
    media: Path, manager: Any, team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    OrganisationFactory.create_batch(3, kind="foundation")
    OrganisationFactory(kind="association")
    client = client_of(manager)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(reverse("contacts:organisation_export") + "?kind=foundation")
    job = ExportJob.objects.get()
    waiting = client.get(response["Location"]).content.decode()
    for callback in queued:
        callback()  # the broker hands the job to a worker (eager in tests)
    progress = client.get(reverse("export_job_progress", args=[job.pk])).json()
    ready = client.get(reverse("export_job", args=[job.pk])).content.decode()
    download = client.get(reverse("export_job_download", args=[job.pk]))

    assert response.status_code == 302 and response["Location"] == f"/eksporty/{job.pk}/"
    assert job.filters == {"kind": "foundation"} and job.total == 3
    assert "Wierszy na liście: 3." in waiting and "data-progress-url" in waiting
    assert progress["finished"] and progress["done"] == progress["total"] == 3
    assert "Eksport jest gotowy (wierszy: 3)." in ready and "data-progress-url" not in ready
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4 and sheet["B1"].value == "Nazwa"
    other = client_of(team_member)
    assert other.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_a_job_whose_worker_died_is_claimed_again_by_the_watchdog_and_finished(
    media: Path, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    OrganisationFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=False):
        job = jobs.export_job_start(actor=manager, name="organisations", filters={}, fmt="csv")
    # A worker claimed it and was killed before writing anything.
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    assert jobs.export_job_run(job_id=job.pk) == "not claimed"  # it looks alive for now

    # An hour later it has shown no progress.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=an_hour_ago, created_at=an_hour_ago)
    with django_capture_on_commit_callbacks(execute=True):
        done = stuck_work_requeue()

    job.refresh_from_db()
    assert done["exports"] == {"requeued": 1}
    assert job.status == ExportJob.Status.DONE and job.attempts == 2 and job.done == 3
    with job.file.open("rb") as handle:
        assert handle.read().decode("utf-8-sig").count("\r\n") == 4
    assert jobs.export_job_run(job_id=job.pk) == "not claimed"  # finished work stays finished


def test_a_job_that_keeps_killing_its_worker_fails_with_the_reason(
    media: Path, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        job = jobs.export_job_start(actor=manager, name="organisations", filters={}, fmt="csv")
    ExportJob.objects.filter(pk=job.pk).update(attempts=jobs.MAX_ATTEMPTS)

    assert jobs.export_job_run(job_id=job.pk) == "failed"
    page = client_of(manager).get(reverse("export_job", args=[job.pk])).content.decode()
    assert "Nie udało się zapisać eksportu." in page
