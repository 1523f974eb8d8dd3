"""Bulk inserts with field history, without one query per row.

On PostgreSQL rows go in with ``COPY`` (primary keys taken from the sequence first, so the
history and provenance rows can point at them); elsewhere with ``bulk_create``. History rows
are built the way django-simple-history's own ``bulk_history_create`` builds them (authored
by the batch's user, with the batch as the change reason) and inserted the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def _converter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        from psycopg.types.json import Jsonb

        return Jsonb
    return lambda value: value


def _allocate_keys(model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    assert meta.pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [value for (value,) in cursor.fetchall()]


def _copy(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """COPY dicts keyed by attname (every concrete field present, the key included)."""
    fields = list(model._meta.concrete_fields)
    convert = [(f.attname, _converter(f)) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([c(row[name]) for name, c in convert])


def _as_row(obj: models.Model, fields: list[Any]) -> dict[str, Any]:
    # pre_save only where it does something (timestamps): it is slow on every field.
    return {
        f.attname: f.pre_save(obj, True)
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        else getattr(obj, f.attname)
        for f in fields
    }


def insert(model: type[models.Model], objects: list[Any]) -> list[Any]:
    """Insert model instances and set their primary keys."""
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        # RETURNING sets the keys on SQLite ≥ 3.35 too.
        return model._default_manager.bulk_create(objects, batch_size=BATCH)
    missing = [obj for obj in objects if obj.pk is None]
    for obj, key in zip(missing, _allocate_keys(model, len(missing)), strict=True):
        obj.pk = key
    fields = list(model._meta.concrete_fields)
    _copy(model, [_as_row(obj, fields) for obj in objects])
    return objects


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert plain rows (attname → value, defaults filled in): no model instance per row."""
    if not rows:
        return
    meta = model._meta
    assert meta.pk is not None
    defaults = {
        f.attname: f.get_default() for f in meta.concrete_fields if f.attname not in rows[0]
    }
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**{**defaults, **row}) for row in rows], batch_size=BATCH
        )
        return
    keys = _allocate_keys(model, len(rows))
    _copy(
        model,
        [{**defaults, **row, meta.pk.attname: key} for row, key in zip(rows, keys, strict=True)],
    )


def history(
    model: type[models.Model], objects: list[Any], *, user: Any, reason: str, created: bool = False
) -> None:
    historical = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in historical.tracked_fields]
    common = {
        "history_date": timezone.now(),
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": reason,
        "history_type": "+" if created else "~",
    }
    insert_rows(
        historical,
        [{**common, **{name: getattr(obj, name) for name in tracked}} for obj in objects],
    )


def insert_with_history(
    model: type[models.Model], objects: list[Any], *, user: Any, reason: str
) -> list[Any]:
    insert(model, objects)
    history(model, objects, user=user, reason=reason, created=True)
    return objects
