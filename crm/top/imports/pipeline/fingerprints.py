"""What earlier imports wrote, remembered per organisation, so an unchanged re-import is cheap.

When a row that was an entity of its own (no other row merged into it, no contact person) has
been applied, its digest (``rowdigests.py``) is remembered for its organisation, with the
organisation's ``updated_at`` and row version (``xmin``). A later row with that digest, for an
organisation nobody has changed since (not even by a bulk UPDATE that left ``updated_at``
alone), is staged "unchanged" by one INSERT ... SELECT into ``UnchangedRows``: it is never
normalised, matched or loaded into Python.

Only what cannot be told apart from the full way takes this one: a digest two rows of the file
share goes the full way, and a digest or a name key (name + gmina) stands for one organisation
only, so two fast rows are never one entity. A row of the full way that turns out to be the
same entity as a fast row makes the planner start again without fingerprints
(``FastPathConflict``), so the outcome never depends on which way a row went.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import connection

from crm.top.imports.models import ImportBatch, ImportFingerprint, UnchangedRows
from crm.top.imports.pipeline.matching import IDENTIFIERS, search_name
from crm.top.imports.pipeline.pgarrays import TEXT_ARRAY, texts

# The version of the organisation's row: PostgreSQL gives every UPDATE of a row a new xmin
# (the writing transaction), so an edit that left updated_at alone (a bulk UPDATE, a fix in
# psql) is noticed too, without hashing the row's columns.
STATE = "o.xmin::text"
FINGERPRINTS = ImportFingerprint._meta.db_table
UNCHANGED = UnchangedRows._meta.db_table
# (organisation id, digest, name key, warnings as JSON text)
Written = tuple[int, str, str, str]


class FastPathConflict(Exception):
    """A row of the full way is the same entity as a row staged by its fingerprint."""


def enabled() -> bool:
    # Elsewhere (SQLite in development and tests) every row takes the full matching.
    return connection.vendor == "postgresql"


def stage_unchanged(batch: ImportBatch, digests: Mapping[int, bytes]) -> int:
    """Stage the rows an earlier import wrote as they are (one ``UnchangedRows``); how many."""
    if not enabled() or not digests:
        return 0
    values = list(digests.values())
    # A digest two rows share goes the full way: those rows are one entity, or two of a kind.
    twice: set[bytes] = set()
    if len(set(values)) != len(values):
        seen: set[bytes] = set()
        twice = {d for d in values if d in seen or seen.add(d)}  # type: ignore[func-returns-value]
    first, last = min(digests), max(digests)
    # The digests of rows first..last, 16 bytes each (zeros where a row has none), as one
    # bytea that PostgreSQL cuts up (bytea: cutting at an offset is direct, unlike text): a
    # 100,000-element array parameter would cost Python more than the statement costs.
    if not twice and last - first + 1 == len(digests):
        packed = b"".join(values)  # the usual file: every row has one, in row order
    else:
        empty = bytes(16)
        packed = b"".join(
            empty if (d := digests.get(n)) is None or d in twice else d
            for n in range(first, last + 1)
        )
    with connection.cursor() as cursor:
        # Hash joins and window sorts of 100,000 rows stay in memory.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            f"""
            WITH found AS (
                -- name_key is unique in the table: two rows found here are two entities
                SELECT v.n + %s AS n, f.organisation_id, f.warnings
                FROM (SELECT encode(substring(%s::bytea FROM i * 16 + 1 FOR 16), 'hex') AS digest,
                             i + 1 AS n
                      FROM generate_series(0, %s - 1) AS i) AS v
                JOIN {FINGERPRINTS} f ON f.digest = v.digest
                JOIN contacts_organisation o ON o.id = f.organisation_id
                    AND o.updated_at = f.stamp AND f.state = {STATE}
            )
            INSERT INTO {UNCHANGED} (batch_id, count, warned, row_numbers, organisation_ids,
                                     warnings)
            SELECT %s, count(*), count(*) FILTER (WHERE warnings <> '[]'),
                   -- one aggregate node reads both in the same order: they pair up
                   coalesce(string_agg(n::text, ','), ''),
                   coalesce(string_agg(organisation_id::text, ','), ''),
                   coalesce(jsonb_object_agg(n, warnings) FILTER (WHERE warnings <> '[]'), '{{}}')
            FROM found
            RETURNING count
            """,  # noqa: S608 - table names from the models, values as parameters
            [first - 1, packed, last - first + 1, batch.pk],
        )
        (count,) = cursor.fetchone()
        cursor.execute("RESET work_mem")
    return int(count)


def fast_rows(batch: ImportBatch) -> dict[int, int]:
    """Row number → organisation id of the rows ``stage_unchanged`` staged."""
    found = UnchangedRows.objects.filter(batch=batch).first()
    return dict(found.pairs()) if found else {}


def keys_of(fast: dict[int, int]) -> dict[str, int]:
    """Entity key → row number for the rows staged by their fingerprints (see entity_keys)."""
    if not fast:
        return {}
    rows = {organisation: number for number, organisation in fast.items()}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.organisation_id, f.name_key, o.nip, o.regon, o.krs, o.kgw_number "  # noqa: S608
            f"FROM {FINGERPRINTS} f JOIN contacts_organisation o ON o.id = f.organisation_id "
            "WHERE f.organisation_id = ANY(%s)",
            [list(rows)],
        )
        found = cursor.fetchall()
    keys: dict[str, int] = {}
    for organisation, name_key, *identifiers in found:
        number = rows[organisation]
        keys[name_key] = number
        # The organisation's identifiers: a superset of the row's, so never a missed conflict.
        for key, value in zip(IDENTIFIERS, identifiers, strict=True):
            if value:
                keys[f"{key}:{value}"] = number
    return keys


def written_by(row: Any, organisation_id: int | None) -> Written | None:
    """What to remember of an applied row (a staged row or one being applied), if anything.

    Only a row that was an entity of its own can stand for its organisation: the caller
    leaves out rows that others merged into.
    """
    if organisation_id is None or not row.digest or row.entity is not None:
        return None
    if row.outcome not in ("create", "update", "unchanged"):
        return None
    values = row.values
    name_key = f"name:{search_name(values)}|{values.get('gmina') or ''}"
    # Most rows have no warning: "[]" without an encoder made per row (json.dumps with options).
    warnings = json.dumps(row.warnings, ensure_ascii=False) if row.warnings else "[]"
    return (organisation_id, row.digest, name_key, warnings)


def remember(written: list[Written]) -> None:
    """Remember (organisation, digest, name key, warnings) of what was just applied.

    A digest and a name key each stand for one organisation (unique in the table): the new
    write wins a digest; two organisations with one name key (same name, same gmina) get no
    fingerprint at all, so the rows of neither can pass for the other's.
    """
    if not enabled() or not written:
        return
    by_digest = {w[1]: w for w in written}  # one per digest (the last wins), and per org
    rows = list({w[0]: w for w in by_digest.values()}.values())
    seen: set[str] = set()
    shared = {w[2] for w in rows if w[2] in seen or seen.add(w[2])}  # type: ignore[func-returns-value]
    with connection.cursor() as cursor:
        # The fingerprints any of these take the place of, looked up key by key in the three
        # unique indexes (LATERAL: a join of the whole table, which grows by a chunk each
        # chunk, read it four times a chunk: 6 s of a 100,000-row first import), then deleted
        # by their keys, and only when there are any (a first import has none). Not "= ANY"
        # filters on the table: with statistics from when it was small, PostgreSQL would scan
        # it and test every row against every key.
        cursor.execute(
            f"""
            SELECT x.organisation_id
            FROM unnest(%s::bigint[], {TEXT_ARRAY}, {TEXT_ARRAY}) AS v(id, digest, name_key)
            CROSS JOIN LATERAL (
                SELECT f.organisation_id FROM {FINGERPRINTS} f WHERE f.organisation_id = v.id
                UNION ALL
                SELECT f.organisation_id FROM {FINGERPRINTS} f WHERE f.digest = v.digest
                UNION ALL
                SELECT f.organisation_id FROM {FINGERPRINTS} f WHERE f.name_key = v.name_key
            ) AS x
            """,  # noqa: S608 - table names from the models, values as parameters
            [[w[0] for w in rows], texts(w[1] for w in rows), texts(w[2] for w in rows)],
        )
        replaced = sorted({organisation for (organisation,) in cursor.fetchall()})
        deleted: list[tuple[int, str]] = []
        if replaced:
            cursor.execute(
                f"DELETE FROM {FINGERPRINTS} WHERE organisation_id = ANY(%s) "  # noqa: S608
                "RETURNING organisation_id, name_key",
                [replaced],
            )
            deleted = cursor.fetchall()
        ours = {w[0] for w in rows}
        shared |= {name for organisation, name in deleted if organisation not in ours}
        rows = [w for w in rows if w[2] not in shared]
        if not rows:
            return
        ids, digests, names, warnings = (list(column) for column in zip(*rows, strict=True))
        # DO NOTHING: an import applying at the same moment may have taken a key first.
        cursor.execute(
            f"""
            INSERT INTO {FINGERPRINTS}
                (organisation_id, digest, name_key, warnings, stamp, state)
            SELECT v.id, v.digest, v.name_key, v.warnings::jsonb, o.updated_at, {STATE}
            FROM unnest(%s::bigint[], {TEXT_ARRAY}, {TEXT_ARRAY}, {TEXT_ARRAY})
                AS v(id, digest, name_key, warnings)
            JOIN contacts_organisation o ON o.id = v.id
            ON CONFLICT DO NOTHING
            """,  # noqa: S608 - table names from the models, values as parameters
            [ids, texts(digests), texts(names), texts(warnings)],
        )
