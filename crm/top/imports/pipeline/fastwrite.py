"""Bulk inserts with field history, without one query per row.

On PostgreSQL rows go in with ``COPY`` (primary keys taken from the sequence first, so the
history and provenance rows can point at them); elsewhere with ``bulk_create``. History rows
are built the way django-simple-history's own ``bulk_history_create`` builds them (authored
by the batch's user, with the batch as the change reason) and inserted the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


# json's C encoder made once (JSONEncoder.encode makes one per call): compact, UTF-8 as it is.
# No circular-reference check: the values are trees the import built.
_chunks = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
    None,
    json.JSONEncoder().default,
    json.encoder.encode_basestring,
    None,
    ":",
    ",",
    False,
    False,
    True,
)


def _encode(value: Any) -> str:
    return "".join(_chunks(value, 0))


if _chunks is None:  # an interpreter without json's C speedups
    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # type: ignore[assignment]


def _json_text(value: Any) -> Any:
    # COPY is text: the JSON text itself goes in, without a wrapper object per value.
    if value is None:
        return None
    if not value and isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return _encode(value)


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    return _json_text if isinstance(field, models.JSONField) else None


def _allocate_keys(model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    assert meta.pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [value for (value,) in cursor.fetchall()]


def _copy(model: type[models.Model], rows: list[dict[str, Any]], *, with_key: bool = True) -> None:
    """COPY dicts keyed by attname (every concrete field present, the key unless not wanted)."""
    fields = [f for f in model._meta.concrete_fields if with_key or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    names = [f.attname for f in fields]
    converted = [(i, c) for i, f in enumerate(fields) if (c := _converter(f)) is not None]
    # One C call picks a row's columns (a comprehension per row was a tenth of the COPY).
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        if not converted:
            for row in rows:
                write(pick(row))
            return
        for row in rows:
            line = list(pick(row))
            for i, convert in converted:
                line[i] = convert(line[i])
            write(line)


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


def defaults_of(model: type[models.Model]) -> dict[str, Any]:
    """Every concrete field's default (not the key's); timestamps get the current time."""
    now = timezone.now()
    return {
        f.attname: now
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        else f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key
    }


def insert_rows(
    model: type[models.Model], rows: list[dict[str, Any]], *, keys: bool = True
) -> None:
    """Insert plain rows (attname → value, defaults filled in): no model instance per row.

    With ``keys`` each row gets its primary key set (``row[attname]``); without, the database
    numbers them and nothing is read back.
    """
    if not rows:
        return
    meta = model._meta
    assert meta.pk is not None
    defaults = {k: v for k, v in defaults_of(model).items() if k not in rows[0]}
    if connection.vendor != "postgresql":
        objects = model._default_manager.bulk_create(
            [model(**{**defaults, **row}) for row in rows], batch_size=BATCH
        )
        if keys:
            # bulk_create sets the key and the timestamps: the caller's rows must say the same.
            names = [f.attname for f in meta.concrete_fields]
            for row, obj in zip(rows, objects, strict=True):
                row.update({name: getattr(obj, name) for name in names})
        return
    if keys:
        for row, key in zip(rows, _allocate_keys(model, len(rows)), strict=True):
            row[meta.pk.attname] = key
    _copy(model, [{**defaults, **row} for row in rows] if defaults else rows, with_key=keys)


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
    first = objects[0] if objects else None
    if isinstance(first, dict) and connection.vendor == "postgresql" and first.keys() >= {*tracked}:
        # The COPY picks the tracked columns from the row as it is: one merge a row (a model
        # instance elsewhere would refuse the untracked ones).
        rows = [{**obj, **common} for obj in objects]
    elif objects and isinstance(objects[0], dict):
        rows = [{**common, **{name: obj[name] for name in tracked}} for obj in objects]
    else:
        rows = [{**common, **{name: getattr(obj, name) for name in tracked}} for obj in objects]
    insert_rows(historical, rows, keys=False)


def insert_with_history(
    model: type[models.Model], objects: list[Any], *, user: Any, reason: str
) -> list[Any]:
    insert(model, objects)
    history(model, objects, user=user, reason=reason, created=True)
    return objects
