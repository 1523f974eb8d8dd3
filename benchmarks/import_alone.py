"""Run imports of a file on disk in a fresh process, so the figures are the import's own.

The benchmark generates its 100,000 rows in its own process (which alone takes it to about
190 MiB): a fork would inherit those pages, so each measured import runs here instead, in a
new interpreter that reads the file from disk and prints one JSON line per import: wall time,
this process's CPU, its PostgreSQL backend's CPU (from ``/proc``, same machine) and the peak
RSS of the process so far.

    python -m benchmarks.import_alone FILE --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) the PostgreSQL backend ``pid`` has used; 0 if unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def run(path: str, *, runs: int, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The measurements of ``runs`` imports of ``path``, in one fresh process."""
    command = [sys.executable, "-m", "benchmarks.import_alone", path, "--runs", str(runs)]
    done = subprocess.run(
        command, env=env or os.environ.copy(), check=True, capture_output=True, text=True
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from crm.top.imports.services import import_batch_run
    from crm.users import User

    settings.DEBUG = False
    actor = User.objects.get(username="bench")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    with open(args.path, "rb") as handle:
        data = handle.read()
    for _n in range(args.runs):
        started, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu(backend)
        batch = import_batch_run(actor=actor, source="Benchmark", name="bench.csv", data=data)
        result = {
            "seconds": time.perf_counter() - started,
            "python_cpu": time.process_time() - cpu,
            "postgres_cpu": backend_cpu(backend) - pg,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "counts": dict(batch.counts),
            "load": os.getloadavg()[0],
        }
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
