"""Upload and plan (dry run) a partner's file, remember its header mapping, revert a batch."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.audit.services import action_log_write
from crm.cells import Cell
from crm.text import fold
from crm.top.imports.models import HeaderMapping, ImportBatch, ImportRow
from crm.top.imports.pipeline import fingerprints, rowdigests
from crm.top.imports.pipeline.checks import FileRejected, check_file, check_shape
from crm.top.imports.pipeline.gminas import GminaResolver
from crm.top.imports.pipeline.headers import FIELDS, HEADER_SCAN_ROWS, find_header
from crm.top.imports.pipeline.planning import plan_rows, unstage
from crm.top.imports.pipeline.reading import Sheet, read_table
from crm.top.imports.pipeline.reverting import revert

Status = ImportBatch.Status
Out = ImportRow.Outcome


def _mapping_keys(source: str, actor: Any) -> list[str]:
    """Where a source's mapping is remembered, the one written first. The team shares one per
    source; an OWES partner keeps their own (two partners may name a source alike, and one's
    correction must not change how the other's files map) and starts from the team's."""
    shared = fold(source)[:200]
    if actor is None or access.import_limit(actor) is None:
        return [shared]
    return [f"{fold(source)[:180]}#{actor.pk}", shared]


def remembered_mapping(source: str, actor: Any = None) -> dict[str, str]:
    """How ``source``'s headers mapped last time, as ``actor`` (the uploader) remembers it."""
    keys = _mapping_keys(source, actor)
    found = {m.source_key: m for m in HeaderMapping.objects.filter(source_key__in=keys)}
    for key in keys:
        if key in found:
            return dict(found[key].mapping)
    return {}


def _open(
    data: bytes, file_type: str, sheet: str, source: str, actor: Any
) -> tuple[Sheet, list, Any]:
    table = read_table(data, file_type, sheet)
    head = list(itertools.islice(table.rows, HEADER_SCAN_ROWS))
    header = find_header(head, remembered_mapping(source, actor))
    return table, head, header


def import_batch_upload(
    *, actor: Any, source: str, name: str, data: bytes, sheet: str = ""
) -> ImportBatch:
    """Check the file, store it through Django's storage and record the batch.

    Raises: FileRejected (nothing is written), PermissionDenied.
    """
    access.require_capability(actor, "imports.run")
    source = source.strip()
    if not source:
        raise ValidationError({"source": _("Say which partner the file comes from.")})
    limit = access.import_limit(actor)
    if limit == []:
        raise ValidationError(
            _(
                "Your account has no subregions, so no row could be imported: ask an "
                "administrator to assign yours."
            )
        )
    kind = check_file(data)
    if kind.type == "csv":
        check_shape(rows=data.count(b"\n"), columns=0)
    table, head, header = _open(data, kind.type, sheet, source, actor)
    last = head[-1][0] if head else 0
    if kind.type == "csv":
        # Every record through the csv module now (C speed, kept nowhere): columns, cell
        # sizes and quoting are refused here, with the reason, not in the background.
        for last, _cells in table.rows:  # noqa: B007 - the last row number is the count
            pass
    file_rows = max(0, (last if kind.type == "csv" else kind.rows) - header.row_number)
    digest = hashlib.sha256(data).hexdigest()
    safe_name = re.sub(r"[^\w.\-]+", "_", name)[-80:] or "plik"
    with transaction.atomic():
        stored = default_storage.save(
            f"imports/{timezone.localdate():%Y/%m}/{digest[:16]}-{safe_name}", ContentFile(data)
        )
        batch = ImportBatch.objects.create(
            user=actor if getattr(actor, "pk", None) else None,
            source=source[:200],
            original_name=name[:255],
            stored_file=stored,
            size=len(data),
            sha256=digest,
            file_type=kind.type,
            sheet=table.sheet,
            encoding=table.encoding,
            delimiter=table.delimiter,
            header_row=header.row_number,
            file_rows=file_rows,
            progress_total=file_rows,
            headers=header.headers,
            mapping=header.mapping,
            limited=limit is not None,
        )
        if limit:
            batch.subregions.set(limit)
        action_log_write(
            actor=actor,
            verb="imports.batch.uploaded",
            obj=batch,
            details={"size": len(data), "type": kind.type},
        )
    return batch


def batch_file_missing(batch: ImportBatch) -> bool:
    """Whether the batch's uploaded file is gone: removed by the retention rules or by a
    person's erasure (``crm.top.retention``, ``services.erasure``). Its rows and what it wrote
    stay, but it cannot be planned again."""
    return not batch.stored_file or not default_storage.exists(batch.stored_file)


def file_erased_message() -> str:
    return _(
        "The file of this import was deleted (the retention rules or a person's erasure), so "
        "it cannot be analysed again. Upload the file again as a new import."
    )


@access.unscoped("a partner's file is matched against every organisation")
def import_batch_plan(*, actor: Any, batch: ImportBatch, data: bytes | None = None) -> ImportBatch:
    """The dry run: stage every row with what applying would do. Writes nothing else.

    ``data``: the uploaded file's bytes when the caller holds them already (the whole
    pipeline at once), so a second copy is not read from storage.

    Raises: FileRejected (the batch is marked failed), PermissionDenied, ValidationError.
    """
    access.require_capability(actor, "imports.run")
    if batch.status not in (Status.UPLOADED, Status.PLANNED, Status.PLANNING):
        raise ValidationError(_("Only an uploaded or planned batch can be planned again."))
    if batch_file_missing(batch):
        # The worker was already on its way (queued before the file went): the batch fails
        # with the reason instead of crashing on a missing file.
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=Status.FAILED, error=file_erased_message(), progress_done=0
        )
        batch.refresh_from_db()
        return batch
    if data is None:
        with default_storage.open(batch.stored_file, "rb") as handle:
            data = handle.read()
    total = batch.file_rows

    def progress(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(
            progress_done=min(done, total), progress_total=total, heartbeat_at=timezone.now()
        )

    try:
        table, head, header = _open(data, batch.file_type, batch.sheet, batch.source, batch.user)
        batch.header_row, batch.headers, batch.mapping = (
            header.row_number,
            header.headers,
            header.mapping,
        )
        batch.save(update_fields=["header_row", "headers", "mapping"])
        digests, data_rows = _digests(
            batch, data, table, itertools.chain(head, table.rows), header.columns
        )

        def rows() -> Iterator[tuple[int, list[Cell]]]:
            again, again_head, _header = _open(
                data, batch.file_type, batch.sheet, batch.source, batch.user
            )
            return itertools.chain(again_head, again.rows)

        counts = plan_rows(
            batch=batch,
            rows=rows,
            columns=header.columns,
            digests=digests,
            data_rows=data_rows,
            progress=progress,
        )
    except FileRejected as error:
        _rejected(batch, error)
        raise
    with transaction.atomic():
        return _planned(batch, counts, actor)


def _rejected(batch: ImportBatch, error: FileRejected) -> None:
    """A file found unimportable only while planned: failed with the reason, its staged rows
    and the stored file removed (nothing of it is kept: it may hold personal data)."""
    unstage(batch)
    if batch.stored_file:
        default_storage.delete(batch.stored_file)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.FAILED, error=str(error), stored_file="", progress_done=0
    )
    batch.status, batch.error, batch.stored_file = Status.FAILED, str(error), ""


def _digests(
    batch: ImportBatch, data: bytes, table: Sheet, rows: Iterator[tuple[int, list[Cell]]],
    columns: dict[int, str],
) -> tuple[Mapping[int, bytes], int]:  # fmt: skip
    """The rows' digests for the fingerprints (PostgreSQL only), and the number of rows."""
    if not fingerprints.enabled():
        return {}, -1
    salt = rowdigests.salt(
        columns=columns,
        encoding=table.encoding,
        delimiter=table.delimiter,
        territory=GminaResolver().stamp(),
    )
    return rowdigests.row_digests(
        data, table, rows, file_type=batch.file_type, columns=columns,
        header_row=batch.header_row or 0, salt=salt,
    )  # fmt: skip


def _planned(batch: ImportBatch, counts: Any, actor: Any) -> ImportBatch:
    batch.counts = dict(counts)
    batch.progress_total = counts[Out.CREATE] + counts[Out.UPDATE] + counts[Out.UNCHANGED]
    batch.progress_done = 0
    batch.status = Status.PLANNED
    batch.planned_at = batch.heartbeat_at = timezone.now()
    batch.error = ""
    batch.save(
        update_fields=[
            "counts", "progress_total", "progress_done", "status", "planned_at",
            "heartbeat_at", "error",
        ]
    )  # fmt: skip
    _remember(batch.source, batch.mapping, batch.user or actor, actor)
    action_log_write(actor=actor, verb="imports.batch.planned", obj=batch, details=dict(counts))
    return batch


def _remember(source: str, mapping: dict[str, str], owner: Any, actor: Any) -> HeaderMapping:
    found, _created = HeaderMapping.objects.update_or_create(
        source_key=_mapping_keys(source, owner)[0],
        defaults={
            "source": source[:200],
            "mapping": mapping,
            "updated_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return found


@transaction.atomic
def header_mapping_set(
    *, actor: Any, source: str, mapping: dict[str, str], uploader: Any = None
) -> HeaderMapping:
    """Correct how the headers of ``source``'s files map to fields (``""`` ignores a column),
    as remembered for ``uploader``'s files (an OWES partner's own; default: the actor's).

    Raises: ValidationError for an unknown field, PermissionDenied.
    """
    access.require_capability(actor, "imports.run")
    unknown = sorted({f for f in mapping.values() if f and f not in FIELDS})
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(unknown)})
    cleaned = {fold(header): field for header, field in mapping.items() if fold(header)}
    owner = uploader if uploader is not None else actor
    merged = {**remembered_mapping(source, owner), **cleaned}
    found = _remember(source, merged, owner, actor)
    action_log_write(
        actor=actor, verb="imports.mapping.set", obj=found, details={"fields": sorted(cleaned)}
    )
    return found


@access.unscoped("a revert restores every record the batch wrote")
@transaction.atomic
def import_batch_revert(
    *, actor: Any, batch: ImportBatch, keep_changed: bool = False
) -> ImportBatch:
    """Remove what the batch created and restore what it changed; with ``keep_changed``
    everything but the records changed since (``reverting.Plan.kept``), which stay.

    Raises: RevertRefused naming the records changed since (without ``keep_changed``),
    PermissionDenied, ValidationError.
    """
    access.require_capability(actor, "imports.revert")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Status.APPLIED:
        raise ValidationError(_("Only an applied batch can be reverted."))
    counts = revert(batch, actor, keep_changed=keep_changed)
    batch.status = Status.REVERTED
    batch.reverted_at = timezone.now()
    # The page says what stayed: the kept records, by type and id (no names).
    batch.counts = {**batch.counts, "kept_on_revert": counts["kept"]}
    batch.save(update_fields=["status", "reverted_at", "counts"])
    details = {"restored": counts["restored"], "deleted": counts["deleted"]}
    if counts["kept"]:
        details["kept"] = counts["kept"]
    action_log_write(actor=actor, verb="imports.batch.reverted", obj=batch, details=details)
    return batch
