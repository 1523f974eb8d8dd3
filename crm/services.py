"""What every service does with a row: set fields by one rule, save it checked, log field names.

The one rule for ``assign`` (every app's services use it, so a field is writable or not the same
way everywhere):

- only the model's own columns are writable, by name or by ``attname`` (``gmina`` or
  ``gmina_id``); reverse relations and many-to-many lists never are (a service sets those
  after the save, and compares them itself);
- ``PROTECTED_FIELDS`` never are: keys, timestamps, the author and derived search columns are
  set by the model or by the service itself;
- a service that takes only some fields says which in ``allowed``;
- a value equal to the current one is no change: it is not set and not reported, so a service
  writes nothing (no history row, no log entry) when nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from crm import access
from crm.audit.services import with_history_user

# Never set through a service's ``**fields``: the union of what each app used to protect.
PROTECTED_FIELDS = frozenset({"id", "pk", "created_at", "updated_at", "created_by", "search_name"})


def writable_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """The names ``assign`` accepts on ``model`` when no ``allowed`` list narrows them."""
    names = set()
    for field in model._meta.concrete_fields:
        names.update({field.name, field.attname})
    return frozenset(names - PROTECTED_FIELDS)


def assign(
    instance: models.Model, fields: Mapping[str, Any], *, allowed: Iterable[str] | None = None
) -> dict[str, tuple[Any, Any]]:
    """Set ``fields`` on ``instance``; returns ``{field: (old, new)}`` for what changed.

    Raises: TypeError for a field the model does not have, that no caller may set, or that
    ``allowed`` leaves out (before anything is set).
    """
    writable = writable_fields(instance)
    if allowed is not None:
        writable = writable & frozenset(allowed)
    refused = [name for name in fields if name not in writable]
    if refused:
        raise TypeError(f"{type(instance).__name__} has no writable field {refused[0]!r}")
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = (old, value)
            setattr(instance, name, value)
    return changes


def save_checked(
    instance: models.Model, *, actor: Any, action: str | None, reason: str = ""
) -> None:
    """Validate, check that ``actor`` may ``action`` it, and save with ``actor`` as author.

    ``action=None`` says the caller has decided access already, by a rule the row alone cannot
    tell (a capability, or rights over the organisations a row reaches through several links).

    Raises: ValidationError, PermissionDenied.
    """
    instance.full_clean()
    if action is not None:
        access.require(actor, action, instance)
    with_history_user(instance, actor, reason)
    instance.save()


def loggable(changes: Mapping[str, Any]) -> list[str]:
    """Names only: the action log never holds the values (they may be personal data)."""
    return sorted(changes)


@dataclass(frozen=True)
class Referrer:
    """Rows of ``model`` whose ``field`` points at a row that is about to be deleted."""

    model: type[models.Model]
    field: str
    count: int

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@access.unscoped("what refers to a row is counted whoever may see it: a delete is refused on any")
def referrers(obj: models.Model) -> list[Referrer]:
    """Every kind of row that refers to ``obj`` (field history aside), with how many there are.

    The delete services decide which of them block, go with the row or stay; the pages show
    the same counts on the confirmation, so what a manager is told is what the service does.
    """
    found: list[Referrer] = []
    for relation in obj._meta.related_objects:
        related: Any = relation.related_model
        if related.__name__.startswith("Historical"):
            continue
        if relation.many_to_many:
            rows = related._default_manager.filter(**{relation.field.name: obj.pk})
        else:
            rows = related._default_manager.filter(**{relation.field.attname: obj.pk})
        count = rows.count()
        if count:
            found.append(Referrer(related, relation.field.name, count))
    return found
