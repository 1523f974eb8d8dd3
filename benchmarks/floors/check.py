"""Whether each API floor answers what its endpoint answers, field by field.

    DATABASE_URL=postgres://…/siec_bench_… python -m benchmarks.floors.check [--only REGEX]

A floor that leaves out a field (or reads a cheaper one) makes its case's ratio look worse than
it is. For every API case of ``make bench`` with a floor, this fetches the case and its floor
through the test client (as the bench manager, on the bench data) and prints each field the
floor lacks or adds, and each field whose values differ in the same row; exit status 1 if any.
``make bench`` compares only the rows' ids.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
from typing import Any


def _same(ours: Any, floor: Any) -> bool:
    """Equal as JSON values; a moment is the same moment in another time zone and to the
    millisecond (the floor's JSON encoder writes UTC, to the millisecond)."""
    if ours == floor:
        return True
    if isinstance(ours, str) and isinstance(floor, str) and "T" in ours and "T" in floor:
        try:
            apart = datetime.datetime.fromisoformat(ours) - datetime.datetime.fromisoformat(floor)
        except (TypeError, ValueError):
            return False
        return abs(apart) < datetime.timedelta(milliseconds=1)
    if isinstance(ours, list) and isinstance(floor, list) and len(ours) == len(floor):
        return all(_same(a, b) for a, b in zip(ours, floor, strict=True))
    if isinstance(ours, dict) and isinstance(floor, dict) and ours.keys() == floor.keys():
        return all(_same(ours[key], floor[key]) for key in ours)
    return False


def _rows(body: Any) -> list[dict[str, Any]]:
    rows = body.get("results", body) if isinstance(body, dict) else body
    if isinstance(rows, dict):
        rows = [rows]
    return [row for row in rows if isinstance(row, dict)]


def differences(ours: Any, floor: Any, *, examples: int = 2) -> list[str]:
    """What the floor's JSON answer lacks, adds or shows otherwise than ours, row by row (the
    rows paired by position: ``make bench`` checks that their ids agree)."""
    found: list[str] = []
    counted = isinstance(ours, dict) and isinstance(floor, dict) and "count" in ours
    if counted and ours["count"] != floor.get("count"):
        found.append(f"count: ours {ours['count']!r}, floor {floor.get('count')!r}")
    ours_rows, floor_rows = _rows(ours), _rows(floor)
    if len(ours_rows) != len(floor_rows):
        found.append(f"rows: ours {len(ours_rows)}, floor {len(floor_rows)}")
    if not ours_rows or not floor_rows:
        return found
    ours_keys, floor_keys = set(ours_rows[0]), set(floor_rows[0])
    if ours_keys - floor_keys:
        found.append(f"the floor lacks: {', '.join(sorted(ours_keys - floor_keys))}")
    if floor_keys - ours_keys:
        found.append(f"the floor adds: {', '.join(sorted(floor_keys - ours_keys))}")
    for key in sorted(ours_keys & floor_keys):
        unlike = [
            (a.get("id"), a[key], b[key])
            for a, b in zip(ours_rows, floor_rows, strict=False)
            if not _same(a[key], b[key])
        ]
        if unlike:
            shown = "; ".join(f"id {i}: ours {a!r}, floor {b!r}" for i, a, b in unlike[:examples])
            found.append(f"{key} differs in {len(unlike)} of {len(ours_rows)} rows ({shown})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="check only the cases whose name matches this regex")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if "bench" not in url:
        sys.exit("Needs DATABASE_URL of a bench database (its name contains 'bench').")
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "benchmarks.settings", "REDIS_URL": "", "MEDIA_ROOT": "/tmp"}  # noqa: S108
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from benchmarks import cases, dataset
    from benchmarks.floors import FLOORS
    from crm.users import User

    with connection.cursor() as cursor:
        data = dataset.current(cursor)
    if data is None:
        sys.exit("No bench data set in this database: run make bench --build-only first.")
    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(username=dataset.BENCH_USERNAME))
    failed = False
    for case in cases.all_cases(data):
        floor_path = case.floor_path
        if not case.path.startswith("/api/") or floor_path is None or case.floor not in FLOORS:
            continue
        if args.only and not re.search(args.only, case.name):
            continue
        ours, floor = client.get(case.path), client.get(floor_path)
        if ours.status_code != 200 or floor.status_code != 200:
            print(f"{case.name}: status ours {ours.status_code}, floor {floor.status_code}")
            failed = True
            continue
        found = differences(json.loads(ours.content), json.loads(floor.content))
        print(f"{case.name}: " + ("the same" if not found else ""))
        for line in found:
            print(f"    {line}")
        failed = failed or bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
