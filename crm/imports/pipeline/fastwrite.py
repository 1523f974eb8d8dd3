"""Bulk inserts with field history, without one query per row.

The history rows are written with ``bulk_create`` on the model's historical model (what
django-simple-history's own ``bulk_history_create`` does), authored by the batch's user.
"""

from __future__ import annotations

from typing import Any

from django.db import models

BATCH = 2000


def insert(model: type[models.Model], objects: list[Any]) -> list[Any]:
    """Insert and set primary keys (RETURNING works on PostgreSQL and SQLite ≥ 3.35)."""
    return model._default_manager.bulk_create(objects, batch_size=BATCH)


def history(
    model: type[models.Model], objects: list[Any], *, user: Any, reason: str, created: bool = False
) -> None:
    manager = model.history  # type: ignore[attr-defined]
    manager.bulk_history_create(
        objects,
        batch_size=BATCH,
        update=not created,
        default_user=user if getattr(user, "pk", None) else None,
        default_change_reason=reason,
    )


def insert_with_history(
    model: type[models.Model], objects: list[Any], *, user: Any, reason: str
) -> list[Any]:
    insert(model, objects)
    history(model, objects, user=user, reason=reason, created=True)
    return objects
