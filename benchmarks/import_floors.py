"""The floor of everything a first import writes: every row, every table, COPY alone.

The organisation-only floor (one COPY into ``LIKE contacts_organisation INCLUDING ALL``) is
what the issue's target is measured against; but our first import also writes history,
provenance, fingerprints, staging rows, support entries and what triggers keep. This floor
dumps every row the import added, table by table, and COPYs them into empty
``LIKE … INCLUDING ALL`` copies of those tables (every index, default and constraint; no
triggers, no foreign keys): what PostgreSQL itself needs to hold the same rows.
"""

from __future__ import annotations

import tempfile
import time
from typing import IO, Any

Snapshot = dict[str, tuple[int, int | None]]


def snapshot() -> Snapshot:
    """Each table's row count and highest id (None for a table without an ``id`` column)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid "
            "AND a.attname = 'id' AND NOT a.attisdropped) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname NOT LIKE 'bench%%'"
        )
        tables = cursor.fetchall()
        found: Snapshot = {}
        for name, has_id in tables:
            top = "max(id)" if has_id else "NULL"
            cursor.execute(f'SELECT count(*), {top} FROM "{name}"')
            count, highest = cursor.fetchone()
            found[name] = (count, highest)
    return found


def dump_written(before: Snapshot, after: Snapshot) -> dict[str, tuple[int, IO[bytes]]]:
    """The rows added between two snapshots, per table, as COPY text in temporary files."""
    from django.db import connection

    dumps: dict[str, tuple[int, IO[bytes]]] = {}
    for name, (count, _highest) in after.items():
        old_count, old_highest = before.get(name, (0, None))
        if count <= old_count:
            continue
        if old_count == 0:
            query = f'SELECT * FROM "{name}"'
        elif old_highest is not None:
            query = f'SELECT * FROM "{name}" WHERE id > {int(old_highest)}'
        else:
            continue  # no way to tell the new rows apart; none of ours is like that
        target = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it after the floor
        with connection.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
            for chunk in copy:
                target.write(chunk)
        dumps[name] = (count - old_count, target)
    return dumps


def copy_everything(dumps: dict[str, tuple[int, IO[bytes]]]) -> float:
    """COPY every dumped table into an empty indexed copy of its table; seconds of the COPYs."""
    from django.db import connection

    elapsed = 0.0
    for name, (_rows, dump) in dumps.items():
        copy_name = f"bench_all_{name}"[:63]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{copy_name}"')
            cursor.execute(f'CREATE TABLE "{copy_name}" (LIKE "{name}" INCLUDING ALL)')
        dump.seek(0)
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.copy(f'COPY "{copy_name}" FROM STDIN') as copy:
            while chunk := dump.read(1 << 20):
                copy.write(chunk)
        elapsed += time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE "{copy_name}"')
    return elapsed


def describe(dumps: dict[str, tuple[int, Any]]) -> str:
    return ", ".join(f"{name} {rows:,}" for name, (rows, _d) in sorted(dumps.items()))
