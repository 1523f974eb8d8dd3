"""What every contacts service does: check access, validate, save with the history author."""

from __future__ import annotations

from typing import Any

from django.db import models

from crm import access
from crm.audit.services import with_history_user

# Fields no caller may set through a service's ``**fields``.
PROTECTED_FIELDS = frozenset({"id", "pk", "created_at", "updated_at", "created_by", "search_name"})


def assign(instance: models.Model, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set ``fields`` on ``instance``; returns ``{field: (old, new)}`` for what changed.

    Raises: TypeError for a field the model does not have or that no caller may set.
    """
    changes: dict[str, tuple[Any, Any]] = {}
    names = {f.name for f in instance._meta.get_fields()} | {
        f.attname for f in instance._meta.concrete_fields
    }
    for name, value in fields.items():
        if name in PROTECTED_FIELDS or name not in names:
            raise TypeError(f"{type(instance).__name__} has no writable field {name!r}")
        old = getattr(instance, name)
        if old != value:
            changes[name] = (old, value)
            setattr(instance, name, value)
    return changes


def save_checked(instance: models.Model, *, actor: Any, action: str, reason: str = "") -> None:
    """Validate, check that ``actor`` may ``action`` it, and save with ``actor`` as author.

    Raises: ValidationError, PermissionDenied.
    """
    instance.full_clean()
    access.require(actor, action, instance)
    with_history_user(instance, actor, reason)
    instance.save()


def loggable(changes: dict[str, tuple[Any, Any]]) -> list[str]:
    """Names only: the action log never holds the values (they may be personal data)."""
    return sorted(changes)
