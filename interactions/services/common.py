"""What every interactions service shares: field assignment, M2M lists, permission checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from crm import access
from crm.users import Role

# Fields no caller may set through a service's ``**fields``.
PROTECTED_FIELDS = frozenset({"id", "pk", "created_at", "updated_at", "created_by"})


def assign(
    instance: models.Model, fields: dict[str, Any], *, allowed: Iterable[str] | None = None
) -> dict[str, tuple[Any, Any]]:
    """Set ``fields`` on ``instance``; returns ``{field: (old, new)}`` for what changed.

    Raises: TypeError for a field the model does not have or that no caller may set.
    """
    names = (
        set(allowed)
        if allowed is not None
        else (
            {f.name for f in instance._meta.concrete_fields}
            | {f.attname for f in instance._meta.concrete_fields}
        )
    )
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in fields.items():
        if name in PROTECTED_FIELDS or name not in names:
            raise TypeError(f"{type(instance).__name__} has no writable field {name!r}")
        old = getattr(instance, name)
        if old != value:
            changes[name] = (old, value)
            setattr(instance, name, value)
    return changes


def ids_of(values: Iterable[Any] | None) -> list[int]:
    """Model instances or primary keys, as a list of distinct primary keys in order."""
    result: list[int] = []
    for value in values or ():
        pk = value.pk if isinstance(value, models.Model) else int(value)
        if pk not in result:
            result.append(pk)
    return result


def require_for_organisations(
    actor: Any, action: str, model: type[models.Model], organisation_ids: list[int]
) -> None:
    """The check for rows that reach a subregion only through several organisations.

    An OWES partner may write such a row when at least one of its organisations lies in one of
    their subregions; everyone else is decided by the model-level rule.

    Raises: PermissionDenied.
    """
    access.require(actor, action, model)
    if access.role_of(actor) != Role.OWES_PARTNER:
        return
    from contacts.models import Organisation

    editable = access.scope(
        Organisation.objects.filter(pk__in=organisation_ids), actor, access.Action.CHANGE
    )
    if not editable.exists():
        raise PermissionDenied
