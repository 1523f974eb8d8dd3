"""Rows derived from rows just written, by INSERT ... SELECT on PostgreSQL (issue 15).

The history of a record and its provenance (``ImportedRecord``) repeat columns the record
already holds. Built in Python they were a dict and a COPY line each, for every organisation
and support entry written; read back from the table they cost PostgreSQL about what the COPY
did and Python nothing. Elsewhere (SQLite) the callers keep the row-list way.

The keys go in as one array literal (``"{1,2,...}"``, joined in C): a list parameter is
adapted element by element in Python. They are joined with the table (``unnest ... JOIN``),
never tested with ``= ANY``, and kept in their order (``WITH ORDINALITY``), so history and
provenance rows are numbered as the Python way numbered them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

from crm.top.imports.models import ImportedRecord

RECORDS = ImportedRecord._meta.db_table


def enabled() -> bool:
    return connection.vendor == "postgresql"


def keys(values: Iterable[int | None]) -> str:
    """An array literal of integers (NULL where None) for a ``%s::bigint[]`` parameter."""
    return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def history(
    model: type[models.Model], ids: list[int], *, user: Any, reason: str, created: bool = False
) -> None:
    """The history rows of the records ``ids`` as they are now, authored as fastwrite's are."""
    if not ids:
        return
    historical = model.history.model  # type: ignore[attr-defined]
    names = [connection.ops.quote_name(f.column) for f in historical.tracked_fields]
    columns, picked = ", ".join(names), ", ".join(f"t.{name}" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(historical)} ({columns}, history_date, history_user_id, "  # noqa: S608
            "history_change_reason, history_type) "
            f"SELECT {picked}, %s, %s, %s, %s "
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS v(id, n) "
            f"JOIN {_table(model)} t ON t.id = v.id ORDER BY v.n",
            [
                timezone.now(),
                getattr(user, "pk", None),
                reason,
                "+" if created else "~",
                keys(ids),
            ],
        )


def provenance(
    model: type[models.Model], type_id: int, batch_id: int, ids: list[int], rows: list[int]
) -> None:
    """``ImportedRecord`` "created" of the records ``ids`` (written by the rows ``rows``),
    stamped with their ``updated_at`` as written."""
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RECORDS} (batch_id, row_number, content_type_id, object_id, action, "  # noqa: S608
            "previous_values, stamp) "
            "SELECT %s, v.row_number, %s, t.id, %s, '{}'::jsonb, t.updated_at "
            "FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS v(id, row_number, n) "
            f"JOIN {_table(model)} t ON t.id = v.id ORDER BY v.n",
            [batch_id, type_id, ImportedRecord.Action.CREATED, keys(ids), keys(rows)],
        )


def links(
    through: type[models.Model], owner: str, other: str, ids: list[int], others: list[int],
    extra: int | None = None,
) -> None:  # fmt: skip
    """Link table rows: each ``ids[i]`` to ``others[i]``, then to ``extra`` when it is another."""
    if not ids:
        return
    table, owner, other = _table(through), *(connection.ops.quote_name(c) for c in (owner, other))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({owner}, {other}) "  # noqa: S608
            "SELECT v.id, x.other "
            "FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS v(id, other, n), "
            "LATERAL (VALUES (1, v.other), (2, %s::bigint)) AS x(k, other) "
            "WHERE x.other IS NOT NULL AND (x.k = 1 OR x.other IS DISTINCT FROM v.other) "
            "ORDER BY v.n, x.k",
            [keys(ids), keys(others), extra],
        )
