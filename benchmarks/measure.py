"""Timing one case: through Django's test client (with its queries) and through gunicorn.

The test client runs the whole stack in this process (middleware, views, templates) without
a network; gunicorn adds the WSGI server, real sockets and two worker processes shared by eight
clients at once, as production has them. The load client is plain ``http.client`` in threads:
its own cost is the same for a case and its floor, so the ratio between them stays honest.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONCURRENCY = 8


@dataclass
class Timing:
    """Milliseconds of each run, the queries of one run and the status code seen."""

    runs: list[float] = field(default_factory=list)
    queries: int | None = None
    status: int = 0
    bytes: int = 0
    # The ids (or codes) of the rows a JSON answer holds, to check a floor answers the same.
    ids: list[Any] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.runs, 95)


@dataclass
class Load:
    """Requests per second under CONCURRENCY clients, and the latency each client saw."""

    per_second: float
    median: float
    p95: float
    requests: int
    errors: int


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (with few runs the p95 is the slowest run)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def with_test_client(
    client: Any,
    path: str,
    *,
    cold_cache: bool = False,
    after_write: bool = False,
    min_runs: int = 3,
    max_runs: int = 15,
    budget: float = 2.5,
) -> Timing:
    """Queries counted on a first run (which also warms what a first request warms), then
    timed runs until ``budget`` seconds have passed (at least ``min_runs``)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timing = Timing()
    if cold_cache:
        cache.clear()
    if after_write:
        with queued_not_run():
            return _after_a_write(client, path, timing, min_runs, max_runs, budget)
    first = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if time.perf_counter() - first > 5:
        min_runs = 2  # the pages of tens of seconds: two more runs say enough
    timing.queries = len(captured.captured_queries)
    timing.status = response.status_code
    timing.bytes = len(response.content)
    timing.ids = row_ids(response)
    started = time.perf_counter()
    while len(timing.runs) < max_runs and (
        len(timing.runs) < min_runs or time.perf_counter() - started < budget
    ):
        if cold_cache:
            cache.clear()
        before = time.perf_counter()
        response = client.get(path)
        response.content  # noqa: B018 (a streaming response is only built when read)
        timing.runs.append((time.perf_counter() - before) * 1000)
    return timing


@contextlib.contextmanager
def queued_not_run() -> Iterator[None]:
    """Tasks sent to the (in-memory) broker as production sends them to Redis, not run in the
    request as the bench settings otherwise run them."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


def _after_a_write(
    client: Any, path: str, timing: Timing, min_runs: int, max_runs: int, budget: float
) -> Timing:
    """The page viewed once (its numbers counted or read, and kept), then every run after the
    data version moved as any write moves it (the data itself unchanged): each run is the
    first view after a write. The first run queues the count, the later ones find it queued
    (no worker takes it); none waits for it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from crm.top.monitoring.facts import SEQUENCE

    def write() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])

    client.get(path)
    write()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    timing.queries = len(captured.captured_queries)
    timing.status = response.status_code
    timing.bytes = len(response.content)
    started = time.perf_counter()
    while len(timing.runs) < max_runs and (
        len(timing.runs) < min_runs or time.perf_counter() - started < budget
    ):
        write()
        before = time.perf_counter()
        client.get(path).content  # noqa: B018
        timing.runs.append((time.perf_counter() - before) * 1000)
    return timing


def row_ids(response: Any) -> list[Any] | None:
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return None
    body = json.loads(response.content)
    rows = body.get("results", body) if isinstance(body, dict) else body
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list):
        return None
    ids = [row.get("id", row.get("code")) if isinstance(row, dict) else row for row in rows]
    return None if any(i is None for i in ids) else ids


class Gunicorn:
    """``gunicorn config.wsgi`` with the bench settings on a free loopback port."""

    def __init__(self, *, workers: int, environment: dict[str, str]) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        executable = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(executable), "config.wsgi", "--workers", str(workers),
                "--bind", f"127.0.0.1:{self.port}", "--timeout", "300",
                "--log-level", "warning", "--backlog", "64",
            ],
            env={**os.environ, **environment},
            cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body = self.get("/healthz", {})
                if status < 500:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within a minute")

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, int]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            return response.status, len(body)
        finally:
            connection.close()

    def load(
        self, path: str, headers: dict[str, str], *, seconds: float, min_requests: int
    ) -> Load:
        """CONCURRENCY clients ask for ``path`` until ``seconds`` passed and at least
        ``min_requests`` were answered; requests per second over that wall time."""
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        started = time.perf_counter()

        def client() -> None:
            while True:
                with lock:
                    done = len(latencies) + errors[0]
                    if time.perf_counter() - started >= seconds and done >= min_requests:
                        return
                before = time.perf_counter()
                try:
                    status, _size = self.get(path, headers)
                except OSError:
                    status = 0
                elapsed = (time.perf_counter() - before) * 1000
                with lock:
                    if status == 200:
                        latencies.append(elapsed)
                    else:
                        errors[0] += 1

        threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        return Load(
            per_second=len(latencies) / wall,
            median=statistics.median(latencies) if latencies else math.nan,
            p95=percentile(latencies, 95),
            requests=len(latencies),
            errors=errors[0],
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
