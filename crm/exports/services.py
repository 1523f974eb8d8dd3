"""Exporting what a user sees: every export is scoped again, formula-safe and logged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from import_export.resources import Resource

from crm import access
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.audit.services import action_log_write
from crm.exports.formats import CONTENT_TYPES, render
from crm.exports.registry import EXPORTS
from crm.text import fold

FORMATS = ("csv", "xlsx")
# Rows read from the database at a time, and between two progress reports.
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    rows: int


def export_queryset(
    *,
    actor: Any,
    resource: Resource,
    queryset: QuerySet[Any],
    fmt: str,
    filters: dict[str, Any] | None = None,
) -> ExportFile:
    """Render ``queryset`` through ``resource`` as CSV or XLSX and log who exported what.

    The caller scopes the queryset with ``crm.access.scope``; it is scoped again here, so an
    export never holds a row the actor may not see.

    Raises: PermissionDenied, ValueError for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(fmt)
    access.require_capability(actor, "exports.run")
    queryset = access.scope(queryset, actor)
    dataset = resource.export(queryset)
    content = render(fmt, list(dataset.headers or []), dataset)
    model = queryset.model._meta
    action_log_write(
        actor=actor,
        verb=f"exports.{model.model_name}.exported",
        details={
            "format": fmt,
            "rows": len(dataset),
            # The names of the filters, not what was typed: a search may be a person's name.
            "filters": sorted(k for k, v in (filters or {}).items() if v not in ("", None, [])),
            "resource": type(resource).__name__,
        },
    )
    people = getattr(resource, "access_log_people", None)
    if people:
        ids = queryset.order_by().values_list(people, flat=True).distinct()
        access_log_write(user=actor, person_ids=ids, what=AccessLog.What.EXPORT)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(
        content=content,
        filename=f"{model.verbose_name_plural}-{stamp}.{fmt}".replace(" ", "_"),
        content_type=CONTENT_TYPES[fmt],
        rows=len(dataset),
    )


def export_named(
    *,
    actor: Any,
    name: str,
    filters: dict[str, Any],
    fmt: str,
    progress: Callable[[int], None] | None = None,
) -> ExportFile:
    """An export from the registry: the list ``name`` as ``actor`` sees it with ``filters``,
    with Polish headers and cells, without the personal columns ``actor`` may not see.
    ``progress(rows)`` is called every ``PROGRESS_EVERY`` rows written.

    Raises: KeyError for an unknown export, PermissionDenied, ValueError (a format, a filter).
    """
    spec = EXPORTS[name]
    if fmt not in FORMATS:
        raise ValueError(fmt)
    access.require_capability(actor, "exports.run")
    if spec.personal:
        access.require_capability(actor, "personal_data.view")
    sees_personal = access.has_capability(actor, "personal_data.view")
    with translation.override("pl"):
        columns = [c for c in spec.columns(actor, filters) if sees_personal or not c.personal]
        # For viewers, a model personal only in some fields (the contact log) keeps its rows
        # without them; its personal columns are left out above.
        queryset = access.scope_without_personal_data(spec.queryset(actor, filters), actor)
        headers = [capfirst(str(c.header)) for c in columns]
        written = 0

        def rows() -> Iterator[list[Any]]:
            nonlocal written
            for row in queryset.iterator(chunk_size=PROGRESS_EVERY):
                yield [c.value(row) for c in columns]
                written += 1
                if progress is not None and written % PROGRESS_EVERY == 0:
                    progress(written)

        title = str(spec.title)
        content = render(fmt, headers, rows(), title=title)
    action_log_write(
        actor=actor,
        verb=f"exports.{queryset.model._meta.model_name}.exported",
        details={
            "format": fmt,
            "rows": written,
            # The names of the filters, not what was typed: a search may be a person's name.
            "filters": sorted(k for k, v in filters.items() if v not in ("", None, [])),
            "list": name,
        },
    )
    if sees_personal and spec.people:
        # The people the file names, read again by id only (one query; exports are rare).
        people = queryset.order_by().values_list(spec.people, flat=True).distinct()
        access_log_write(user=actor, person_ids=people, what=AccessLog.What.EXPORT)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(
        content=content,
        filename=f"{slugify(fold(title)) or name}-{stamp}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        rows=written,
    )


def export_size(*, actor: Any, name: str, filters: dict[str, Any]) -> int:
    """How many rows the export would hold (to decide whether it runs in the background).

    Raises: KeyError, PermissionDenied, ValueError (a filter that does not validate).
    """
    spec = EXPORTS[name]
    access.require_capability(actor, "exports.run")
    if spec.personal:
        access.require_capability(actor, "personal_data.view")
    return access.scope_without_personal_data(spec.queryset(actor, filters), actor).count()
