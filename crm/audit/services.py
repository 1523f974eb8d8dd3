"""Writing the action log. Every service that changes data calls ``action_log_write``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from crm.audit.models import ActionLog
from crm.bulk import long_statements


def action_log_write(
    *,
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> ActionLog:
    """Record that ``actor`` did ``verb`` (e.g. ``"contacts.organisation.created"``) to ``obj``.

    ``details`` must hold no personal data beyond ids: the log is read by administrators.
    A personal object (``access_personal_data``: a person, a contact, a task) is labelled by
    its kind and id, never by its name or free text (``object_label``).
    """
    entry = ActionLog(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        details=details or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = object_label(obj)
    entry.save()
    return entry


def action_log_write_many(
    *,
    actor: Any,
    verb: str,
    model: type[models.Model],
    rows: Iterable[tuple[Any, str, dict[str, Any]]],
) -> None:
    """One entry per ``(pk, label, details)`` of ``model``, written in one INSERT (a bulk
    action is many changes). A personal model's rows are labelled by kind and id, whatever
    ``label`` says."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    personal = getattr(model, "access_personal_data", False)
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(model._meta.verbose_name)
    author = actor if getattr(actor, "pk", None) else None
    with long_statements():
        ActionLog.objects.bulk_create(
            ActionLog(
                actor=author,
                verb=verb,
                details=details,
                content_type=content_type,
                object_id=str(pk),
                object_repr=f"{kind} #{pk}" if personal else label[:255],
            )
            for pk, label, details in rows
        )


def object_label(obj: models.Model) -> str:
    """How the log names ``obj``: its own name, or for personal data its kind and id."""
    model = type(obj)
    if not getattr(model, "access_personal_data", False):
        return str(obj)[:255]
    with translation.override(settings.LANGUAGE_CODE):
        return f"{model._meta.verbose_name} #{obj.pk}"


def with_history_user(instance: models.Model, actor: Any, reason: str = "") -> models.Model:
    """Make the next save of ``instance`` record ``actor`` (and why) in its field history."""
    instance._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    return instance
