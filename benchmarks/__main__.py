"""``make bench``: every page and list endpoint at ten years of data, against its floor.

    python -m benchmarks [--only REGEX] [--no-gunicorn] [--rebuild] [--seed N]

Uses ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/siec_bench_pages``; the
database name must contain "bench", since a new data set replaces the whole database). The first
run builds the data set (``benchmarks/dataset.py``, about 15 minutes), later runs keep it. Each
case is measured through Django's test client (median, p95 and queries of the whole request)
and through gunicorn (2 workers, 8 clients at once: requests per second), side by side with its
floor: the same rows by hand-written SQL through the same stack (``benchmarks/floors/``).
The table goes to the terminal and to ``var/bench/<time>.json`` (and ``.md``); the previous JSON
is compared with. Only one run at a time (a lock file), never in ``make test``.
"""

from __future__ import annotations

import argparse
import datetime
import fcntl
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/siec_bench_pages"
LOCK = Path("/tmp/siec-bench.lock")  # noqa: S108 (one machine-wide lock is the point)
OUTPUT = Path(__file__).resolve().parent.parent / "var" / "bench"


def say(message: str) -> None:
    print(message, flush=True)


def _names(url: str) -> tuple[str, str]:
    """The database name and the URL of the maintenance database on the same server."""
    base, _slash, rest = url.rpartition("/")
    return rest.split("?")[0], f"{base}/postgres"


def prepare_database(url: str, *, seed: int, rebuild: bool) -> bool:
    """Create the database, or drop and recreate it when its data set is of another version or
    seed. Returns whether the data set must be built."""
    import psycopg

    from benchmarks import dataset

    name, admin = _names(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    found = None
    if exists and not rebuild:
        with psycopg.connect(url) as connection, connection.cursor() as cursor:
            found = dataset.current(cursor)
    if found is not None and found.seed == seed:
        return False
    with psycopg.connect(admin, autocommit=True) as connection:
        if exists:
            say(f"Dropping {name}: its data set is missing, old or of another seed.")
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="measure only the cases whose name matches this regex")
    parser.add_argument("--no-gunicorn", action="store_true", help="the test client only")
    parser.add_argument("--rebuild", action="store_true", help="build the data set again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--build-only", action="store_true", help="build (or keep) the data set, measure nothing"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="gunicorn load per case and floor (3)"
    )
    args = parser.parse_args()
    # A stopped run still stops its gunicorn (the finally blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs PostgreSQL: DATABASE_URL=postgres://…/siec_bench_pages")
    if "bench" not in _names(url)[0]:
        sys.exit("The database name must contain 'bench': a new data set replaces it whole.")
    lock = LOCK.open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"Another benchmark run holds {LOCK}; run one at a time.")

    load_at_start = os.getloadavg()
    environment = {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "REDIS_URL": "",
        "MEDIA_ROOT": "/tmp/siec_bench_media",  # noqa: S108
    }
    os.environ.update(environment)
    must_build = prepare_database(url, seed=args.seed, rebuild=args.rebuild)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import cases, dataset, report

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"migrate: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        data = dataset.build(seed=args.seed, say=say) if must_build else dataset.current(cursor)
        assert data is not None
        cursor.execute("SELECT version()")
        postgres = cursor.fetchone()[0].split(" on ")[0]
    say(f"Data set (built for {data.anchor:%d.%m.%Y}): {data.details['counts']}")
    if args.build_only:
        connection.close()
        return

    selected = [
        case for case in cases.all_cases(data) if not args.only or re.search(args.only, case.name)
    ]
    results = measure_in_process(selected)
    if not args.no_gunicorn:
        measure_through_gunicorn(selected, results, workers=args.workers, seconds=args.seconds)
    for result in results:
        result.pop("session", None)

    say("")
    say(report.HEADER)
    for result in results:
        say(report.row(result))
    now = datetime.datetime.now().astimezone()
    document = {
        "meta": {
            "date": now.isoformat(timespec="seconds"),
            "machine": report.machine(),
            "postgres": postgres,
            # Other work on the machine slows both a case and its floor; the ratios hold better.
            "load_average": {"start": load_at_start, "end": os.getloadavg()},
            "dataset": {"seed": data.seed, "anchor": data.anchor} | data.details,
            "gunicorn": None
            if args.no_gunicorn
            else {"workers": args.workers, "clients": 8, "seconds": args.seconds},
            "only": args.only,
        },
        "results": results,
    }
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = report.write(OUTPUT, stamp, document)
    (OUTPUT / f"{stamp}.md").write_text(report.markdown(results) + "\n")
    say(f"\nWritten {path} (and .md); load average now {os.getloadavg()[0]:.1f}.")
    before = report.previous(OUTPUT, path)
    if before is not None:
        say("")
        for line in report.comparison(before, results):
            say(line)


def measure_in_process(selected: list[Any]) -> list[dict[str, Any]]:
    """Every case and its floor through the test client, signed in as the bench manager."""
    from django.test import Client

    from benchmarks import dataset, report
    from benchmarks.floors import FLOORS
    from benchmarks.measure import with_test_client
    from crm.users import User

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=dataset.BENCH_USERNAME))
    say("\nTest client (whole request in this process; ms):")
    say(report.HEADER)
    results = []
    for case in selected:
        ours = with_test_client(
            client, case.path, cold_cache=case.cold_cache, after_write=case.after_write
        )
        floor = None
        if case.floor is not None and case.floor in FLOORS:
            floor = with_test_client(client, case.floor_path)
            if ours.ids is not None and floor.ids is not None and ours.ids != floor.ids:
                say(f"  ! {case.name}: the floor answers other rows ({floor.ids[:5]}…)")
        result: dict[str, Any] = {
            "name": case.name,
            "path": case.path,
            "status": ours.status,
            "queries": ours.queries,
            "bytes": ours.bytes,
            "median": ours.median,
            "p95": ours.p95,
            "runs": ours.runs,
            "floor": None
            if floor is None
            else {
                "path": case.floor_path,
                "status": floor.status,
                "queries": floor.queries,
                "median": floor.median,
                "p95": floor.p95,
                "same_rows": None
                if ours.ids is None or floor.ids is None
                else ours.ids == floor.ids,
            },
            "session": client.cookies["sessionid"].value,
        }
        results.append(result)
        say(report.row(result))
    return results


def measure_through_gunicorn(
    selected: list[Any], results: list[dict[str, Any]], *, workers: int, seconds: float
) -> None:
    """Requests per second of each case and its floor under 8 clients at once."""
    from benchmarks.measure import Gunicorn

    say(f"\ngunicorn ({workers} workers, 8 clients, {seconds:g} s a case):")
    server = Gunicorn(workers=workers, environment={})
    try:
        for case, result in zip(selected, results, strict=True):
            session = result["session"]
            if not case.gunicorn or result["status"] != 200:
                continue
            headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
            server.get(case.path, headers)  # each worker's first request is not the measure
            load = server.load(case.path, headers, seconds=seconds, min_requests=16)
            result["load"] = load.__dict__
            if result["floor"] is not None:
                floor_load = server.load(
                    result["floor"]["path"], headers, seconds=seconds, min_requests=16
                )
                result["floor_load"] = floor_load.__dict__
            say(
                f"  {case.name[:46]:46} {load.per_second:6.1f} req/s"
                + (
                    f"   floor {result['floor_load']['per_second']:6.1f}"
                    if "floor_load" in result
                    else ""
                )
                + (f"   ({load.errors} errors)" if load.errors else "")
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
