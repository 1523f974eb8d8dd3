"""Reads of the import pipeline shared by the pages, the API and the command."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from contacts.models import Organisation, Person
from crm import access
from crm.top.imports.models import (
    ImportBatch,
    ImportedRecord,
    ImportFlag,
    ImportRow,
    UnchangedRows,
)


def batches_visible(user: Any) -> QuerySet[ImportBatch]:
    """Import batches for the people who import (they hold partners' files); an OWES partner
    sees only batches limited to subregions of their own (theirs and their colleagues')."""
    if not access.has_capability(user, "imports.run"):
        return ImportBatch.objects.none()
    batches = (
        ImportBatch.objects.select_related("user")
        .prefetch_related("subregions")
        .order_by("-created_at", "-id")
    )
    limit = access.import_limit(user)
    if limit is not None:
        beyond = ImportBatch.subregions.through.objects.filter(
            importbatch_id=OuterRef("pk")
        ).exclude(subregion_id__in=limit)
        batches = batches.filter(limited=True).exclude(Exists(beyond))
    return batches


def batch_rows(user: Any, batch_id: int, outcome: str = "") -> QuerySet[ImportRow]:
    """The staged rows, each with its organisation as ``organisation_pk`` (row_organisation)."""
    rows = ImportRow.objects.filter(batch__in=batches_visible(user), batch_id=batch_id)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.annotate(organisation_pk=row_organisation()).order_by("row_number")


def row_organisation() -> Coalesce:
    """A staged row's organisation, for ``annotate``: the one it created (by its provenance
    record: the apply does not write it on the row), else the one it matched."""
    # The type compared as "+ 0" keeps the lookup on the (batch, row) index: see records._ROWS.
    made = (
        ImportedRecord.objects.alias(type_id=F("content_type_id") + 0)
        .filter(
            batch_id=OuterRef("batch_id"),
            row_number=OuterRef("row_number"),
            type_id=ContentType.objects.get_for_model(Organisation).pk,
            action=ImportedRecord.Action.CREATED,
        )
        .order_by()
        .values("object_id")[:1]
    )
    return Coalesce(Subquery(made), F("organisation_id"))


def unchanged_rows(user: Any, batch_id: int) -> list[tuple[int, int]]:
    """(row, organisation) of the rows the fingerprints found unchanged, in row order."""
    found = UnchangedRows.objects.filter(batch__in=batches_visible(user), batch_id=batch_id)
    fast = found.first()
    return fast.pairs() if fast else []


def kept_on_revert(user: Any, batch: ImportBatch) -> list[tuple[str, str]]:
    """(name, page) of the organisations and people a revert kept because they had changed
    since the import (``counts.kept_on_revert``), those ``user`` may see."""
    from django.urls import reverse

    from contacts.models import Organisation

    wanted: dict[str, list[int]] = {"organisation": [], "person": []}
    for item in batch.counts.get("kept_on_revert", []):
        kind, _sep, pk = str(item).partition(":")
        if kind in wanted and pk.isdigit():
            wanted[kind].append(int(pk))
    found: list[tuple[str, str]] = []
    for kind, model, page in (
        ("organisation", Organisation, "contacts:organisation_detail"),
        ("person", Person, "contacts:person_detail"),
    ):
        if wanted[kind]:
            records = access.scope(model.objects.filter(pk__in=wanted[kind]), user)
            found += [(str(obj), reverse(page, args=[obj.pk])) for obj in records]
    return found


def batch_progress(user: Any, batch_id: int) -> dict[str, Any] | None:
    batch = batches_visible(user).filter(pk=batch_id).first()
    if batch is None:
        return None
    return {
        "batch": batch.pk,
        "status": batch.status,
        "done": batch.progress_done,
        "total": batch.progress_total,
        "counts": batch.counts,
        "error": batch.error,
    }


def organisation_provenance(user: Any, organisation_id: int) -> QuerySet[ImportedRecord]:
    """The import batches that created or changed an organisation, newest first."""
    from contacts.models import Organisation

    if not access.scope(Organisation.objects.filter(pk=organisation_id), user).exists():
        return ImportedRecord.objects.none()
    return (
        ImportedRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Organisation),
            object_id=organisation_id,
        )
        .select_related("batch", "batch__user")
        .order_by("-batch__created_at", "-id")
    )


FLAGS_SHOWN = 200


def batch_flags(user: Any, batch_id: int) -> tuple[list[tuple[ImportFlag, str]], int]:
    """The batch's rows to decide (the open ones first, at most ``FLAGS_SHOWN``) with the name
    of each organisation as ``user`` may see it, and how many are still open."""
    flags = ImportFlag.objects.filter(batch__in=batches_visible(user), batch_id=batch_id)
    open_count = flags.filter(resolved_at__isnull=True).count()
    shown = list(
        flags.select_related("resolved_by").order_by(
            F("resolved_at").asc(nulls_first=True), "row_number", "kind"
        )[:FLAGS_SHOWN]
    )
    visible = access.scope(Organisation.objects.all(), user)
    names = dict(
        visible.filter(pk__in=[f.organisation_id for f in shown]).values_list("pk", "name")
    )
    return [(flag, names.get(flag.organisation_id, "")) for flag in shown], open_count


SAMPLE_VALUES = 3
SAMPLE_SCAN_ROWS = 200


def column_samples(batch: ImportBatch, limit: int = SAMPLE_VALUES) -> dict[int, list[str]]:
    """A few different values of each column below the header, read from the stored file:
    "Kol. 7" says nothing, "87-100 · 15-950" says it is the postal code."""
    from django.core.files.storage import default_storage

    from crm.top.imports.pipeline.checks import FileRejected
    from crm.top.imports.pipeline.reading import read_table

    if not batch.stored_file or not default_storage.exists(batch.stored_file):
        return {}
    samples: dict[int, list[str]] = {i: [] for i, header in enumerate(batch.headers) if header}
    header_row = batch.header_row or 0
    try:
        with default_storage.open(batch.stored_file, "rb") as handle:
            table = read_table(handle.read(), batch.file_type, batch.sheet)
        rows = table.rows
        for number, cells in rows:
            if number <= header_row:
                continue
            for index, found in samples.items():
                value = cells[index] if index < len(cells) else None
                text = _shown(value)
                if text and len(found) < limit and text not in found:
                    found.append(text)
            if number > header_row + SAMPLE_SCAN_ROWS or all(
                len(found) >= limit for found in samples.values()
            ):
                break
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # an XLSX generator closes its workbook
    except FileRejected:
        return {}
    return samples


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"
