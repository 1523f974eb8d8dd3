"""Faults under a real worker (PostgreSQL, a Redis of the test's own, prefork Celery workers
started as the README starts them): a pool child SIGKILLed mid-apply, the whole worker
SIGKILLed mid-apply, Redis restarted without persistence with tasks queued, a confirmation
while Redis is down. In every case the batch ends applied by the watchdog (or the message's
redelivery), with one organisation per input row and none twice, and nothing stays queued,
applying or pending.

The test process plays beat: it runs the watchdog every second with TASK_STALE_MINUTES at six
seconds. About a minute and a half on the 2-core machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kombu.pools
import pytest
from django.db import connection

from config.celery import app as celery_app
from contacts.models import Organisation
from crm.top.imports.models import ImportBatch, ImportedRecord
from crm.top.imports.services import import_batch_confirm, import_batch_plan, import_batch_upload
from crm.top.monitoring.models import MonitoringReport
from crm.top.monitoring.report.services import monitoring_report_request
from crm.top.watchdog import stuck_work_requeue

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="the fault test of the PostgreSQL + Redis run: set DATABASE_URL and REDIS_URL",
    ),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 2000
CHUNK = 50  # rows per transaction in the workers: 40 chunks to be killed in the middle of
Status = ImportBatch.Status


def _nip(number: int) -> str:
    """A valid NIP for each number (a checksum of 10 is skipped by the caller)."""
    digits = [int(c) for c in f"{number:09d}"]
    check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11
    return "" if check == 10 else f"{number:09d}{check}"


def partner_file(scenario: int) -> bytes:
    """``ROWS`` distinct associations with valid NIPs, one file per scenario."""
    lines = ["Lp.;Nazwa podmiotu;Forma prawna;NIP;Gmina;Powiat"]
    number = 100_000_000 + scenario * 1_000_000
    for row in range(1, ROWS + 1):
        nip = ""
        while not nip:
            number += 1
            nip = _nip(number)
        lines.append(f"{row};Stowarzyszenie Próba {scenario}-{row};stowarzyszenie;{nip};Wasilków;")
    return ("\r\n".join(lines) + "\r\n").encode("cp1250")


def free_port(preferred: int = 6390) -> int:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Redis:
    """A Redis of the test's own, without persistence: a restart loses every queued task."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder, self.process = port, folder, None

    def start(self) -> None:
        self.process = subprocess.Popen(  # type: ignore[assignment]
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: _answers(self.port), "Redis to start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", port)) != 0:
            return False
        probe.sendall(b"PING\r\n")
        return probe.recv(16).startswith(b"+PONG")


class Worker:
    """``celery -A config worker`` as the README starts it, prefork, one pool child."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
                 "--concurrency", "1", "--without-mingle", "--without-gossip",
                 "--loglevel", "INFO"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def children(self) -> list[int]:
        assert self.process is not None
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                        found.append(int(entry.name))
        return found

    def kill_pool_child(self) -> None:
        children = self.children()
        assert children, "the worker has no pool child"
        for pid in children:
            os.kill(pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the whole worker, pool children included (its process group)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(20)
            self.process = None


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def broker(url: str) -> Iterator[None]:
    """Publish from this process to ``url`` for real (the suite runs tasks in-process)."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, False
    _drop_connections()
    try:
        yield
    finally:
        kombu.pools.reset()  # closes this test's connections
        _drop_connections()
        conf.broker_url, conf.task_always_eager = previous


def _drop_connections() -> None:
    # The app keeps its producer pool once made: a pool for another URL must not be reused;
    # kombu's registry keys pools by connection, so the next one is made for the new URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def planned(manager: Any, scenario: int) -> ImportBatch:
    batch = import_batch_upload(
        actor=manager, source="OWES", name=f"lista-{scenario}.csv", data=partner_file(scenario)
    )
    batch = import_batch_plan(actor=manager, batch=batch)
    assert batch.counts["create"] == ROWS, batch.counts
    return batch


def progressed(batch: ImportBatch) -> Callable[[], bool]:
    def moving() -> bool:
        batch.refresh_from_db()
        return batch.status == Status.APPLYING and batch.progress_done >= 2 * CHUNK

    return moving


def finished_by_the_watchdog(batch: ImportBatch, timeout: float = 120.0) -> None:
    """Play beat: the watchdog every second until the batch is applied."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stuck_work_requeue()
        batch.refresh_from_db()
        if batch.status == Status.APPLIED:
            return
        time.sleep(1)
    raise AssertionError(f"batch {batch.pk} still {batch.status} {batch.progress_done}")


def assert_exactly_once(batch: ImportBatch, scenario: int) -> None:
    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert batch.progress_done == batch.progress_total == ROWS
    mine = Organisation.objects.filter(name__startswith=f"Stowarzyszenie Próba {scenario}-")
    assert mine.count() == ROWS  # committed rows = unique input rows
    assert mine.values("nip").distinct().count() == ROWS  # no duplicates
    created = ImportedRecord.objects.filter(batch=batch, content_type__model="organisation")
    assert created.count() == ROWS


def test_killed_workers_and_a_redis_restart_never_leave_an_import_stuck(
    manager: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASK_STALE_MINUTES = 0.1  # six seconds
    port = free_port()
    redis = Redis(port, tmp_path)
    url = f"redis://127.0.0.1:{port}/0"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "off",
        "IMPORT_CHUNK_ROWS": str(CHUNK),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASK_STALE_MINUTES": "0.1",
    }
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    worker = Worker(env, tmp_path / "worker.log")
    redis.start()
    try:
        with broker(url):
            # 1. The pool child is killed mid-apply (an OOM kill): the message goes back to
            # the queue and the same worker's next child resumes the batch.
            worker.start()
            first = planned(manager, 1)
            import_batch_confirm(actor=manager, batch=first)
            wait_for(progressed(first), "the first batch to apply")
            assert first.progress_done < ROWS
            worker.kill_pool_child()
            finished_by_the_watchdog(first)
            assert_exactly_once(first, 1)

            # 2. The whole worker is killed mid-apply: its message waits for the broker's
            # visibility timeout (two hours); the watchdog queues the batch again and the
            # next worker finishes it.
            second = planned(manager, 2)
            import_batch_confirm(actor=manager, batch=second)
            wait_for(progressed(second), "the second batch to apply")
            assert second.progress_done < ROWS
            worker.kill()
            worker.start()
            finished_by_the_watchdog(second)
            assert_exactly_once(second, 2)

            # 3. With no worker running, a batch and a report are queued; Redis restarts
            # without persistence (both messages gone); a batch confirmed while Redis is down
            # stays queued and says so. The watchdog sends all three again.
            worker.kill()
            third = planned(manager, 3)
            fourth = planned(manager, 4)
            import_batch_confirm(actor=manager, batch=third)
            report = monitoring_report_request(actor=manager, year=2025)
            redis.kill()
            down = import_batch_confirm(actor=manager, batch=fourth)
            assert down.status == Status.QUEUED
            assert down.enqueued.sent is False  # type: ignore[attr-defined]
            redis.start()  # the web process reconnects by itself on its next publish
            worker.start()
            finished_by_the_watchdog(third)
            finished_by_the_watchdog(fourth)
            assert_exactly_once(third, 3)
            assert_exactly_once(fourth, 4)
            wait_for(
                lambda: (
                    stuck_work_requeue() is not None
                    and MonitoringReport.objects.get(pk=report.pk).status != "pending"
                ),
                "the report",
                timeout=60,
            )
            assert MonitoringReport.objects.get(pk=report.pk).status == "ready"
    except BaseException:
        log = (tmp_path / "worker.log").read_text(errors="replace")
        print("worker log (last 4,000 characters):\n" + log[-4000:])
        raise
    finally:
        worker.kill()
        redis.kill()
    stuck = ImportBatch.objects.filter(status__in=[Status.QUEUED, Status.APPLYING])
    assert not stuck.exists()
    assert not MonitoringReport.objects.filter(status="pending").exists()
    assert Organisation.objects.count() == 4 * ROWS
