"""The apply runs on a real Celery worker against Redis (CI sets REDIS_URL)."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from config.celery import app as celery_app
from contacts.models import Organisation
from crm.top.imports.models import ImportBatch
from crm.top.imports.services import import_batch_confirm, import_batch_plan, import_batch_upload
from tests.imports.conftest import SAMPLE_CSV

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs a Redis broker: set REDIS_URL (CI does in its PostgreSQL run)",
    ),
]


def _close_worker_connections(**_kwargs: Any) -> None:
    # The worker thread has its own connections; the test database cannot be dropped while
    # they are open.
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_apply_runs_on_a_real_celery_worker(manager: Any) -> None:
    assert celery_app.conf.broker_url.startswith("redis")
    batch = import_batch_upload(
        actor=manager, source="OWES Bielski", name="lista.csv", data=SAMPLE_CSV.read_bytes()
    )
    batch = import_batch_plan(actor=manager, batch=batch)
    celery_app.conf.task_always_eager = False
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
            import_batch_confirm(actor=manager, batch=batch)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                batch.refresh_from_db()
                if batch.status in (ImportBatch.Status.APPLIED, ImportBatch.Status.FAILED):
                    break
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(_close_worker_connections)

    assert batch.status == ImportBatch.Status.APPLIED, batch.error
    assert batch.progress_done == batch.progress_total == 6
    assert Organisation.objects.count() == 6
