"""Import batches, their staged rows, the header mapping per source, and provenance."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.territory.models import Subregion


class ImportBatch(models.Model):
    """One file from one partner, from upload to applied (or reverted)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        # The dry run is a background task too (a 70,000-row file takes longer than a web
        # request may): queued, then claimed by a worker, like the apply.
        PLAN_QUEUED = "plan_queued", _("waiting for the dry run")
        PLANNING = "planning", _("dry run in progress")
        PLANNED = "planned", _("planned (dry run ready)")
        # Confirmed and handed to the queue; a worker claims it (-> applying) with a
        # conditional UPDATE, so one message, one worker.
        QUEUED = "queued", _("queued")
        APPLYING = "applying", _("applying")
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("failed")
        REVERTED = "reverted", _("reverted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    source = models.CharField(_("source (partner)"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_file = models.CharField(_("stored file"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_type = models.CharField(_("type"), max_length=8, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=2, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    # Rows below the header, counted when the file was checked: the dry run's progress total.
    file_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    headers = models.JSONField(_("headers"), default=list, blank=True)
    mapping = models.JSONField(_("header mapping used"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UPLOADED
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("progress done"), default=0)
    progress_total = models.PositiveIntegerField(_("progress total"), default=0)
    # The apply goes through the rows in row order, in two passes (operated units last), one
    # transaction a chunk: the last row of each pass whose chunk committed. Every row of the
    # pass up to it is applied (``pipeline.applying``): one UPDATE of the batch a chunk, where
    # marking each wide staging row rewrote all of them (100,000 rows: about 2.7 s).
    applied_through = models.PositiveIntegerField(default=0, editable=False)
    units_applied_through = models.PositiveIntegerField(default=0, editable=False)
    error = models.TextField(_("error"), blank=True)
    # The message that may claim the batch (and its redelivery after a lost worker); the last
    # sign of life (queued, claimed, a chunk done): the watchdog re-queues a batch without one
    # for TASK_STALE_MINUTES; and how many times a worker has claimed it since it was queued.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # An OWES partner's upload writes only rows of its subregions (``pipeline.limits``): the
    # rest are reported, not written. The subregions are those the partner had on upload.
    limited = models.BooleanField(_("only rows of its subregions"), default=False)
    subregions = models.ManyToManyField(
        Subregion, blank=True, related_name="+", verbose_name=_("subregions of the rows")
    )
    planned_at = models.DateTimeField(_("planned at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")),
                name="import_batch_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source} ({self.original_name})"

    @property
    def reason(self) -> str:
        """The change reason the field history shows for everything this batch wrote."""
        return f"import #{self.pk}"


class ImportRow(models.Model):
    """One spreadsheet row, staged: what it said, what it means, what the import does with it."""

    class Outcome(models.TextChoices):
        CREATE = "create", _("create")
        UPDATE = "update", _("update")
        UNCHANGED = "unchanged", _("unchanged")
        MERGED = "merged", _("merged into an earlier row")
        IGNORED = "ignored", _("ignored")
        ERROR = "error", _("error")

    # No index of its own: the unique (batch, row_number) serves it.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    # The row number a person sees in Excel (the title row is 1).
    row_number = models.PositiveIntegerField(_("row"))
    raw = models.JSONField(_("cells as in the file"), default=list)
    values = models.JSONField(_("normalised values"), default=dict)
    # Only on the first row of an entity the file repeats: the values of all its rows merged.
    entity = models.JSONField(_("merged values"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    merged_into_row = models.PositiveIntegerField(_("merged into row"), null=True, blank=True)
    changes = models.JSONField(_("changes (old, new)"), default=dict, blank=True)
    messages = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # Set by the plan (unchanged rows, nothing to do) and on merged rows once their leader is
    # applied; a created or updated row is applied once the batch's mark passed it
    # (``ImportBatch.applied_through``). A created organisation's id is in its provenance
    # (``ImportedRecord``), not here: ``selectors.batch_rows`` reads it from there.
    applied = models.BooleanField(_("applied"), default=False)
    # The digest of the row's cells (rowdigests.py): remembered for its organisation once applied.
    digest = models.CharField(max_length=32, null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="import_row_unique"),
        ]
        indexes = [
            models.Index(fields=["batch", "outcome", "row_number"]),
            models.Index(
                fields=["batch", "merged_into_row"],
                condition=Q(merged_into_row__isnull=False),
                name="import_row_merged",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.batch_id}:{self.row_number} {self.outcome}"


class UnchangedRows(models.Model):
    """The rows of a batch its fingerprints found as an earlier import left them, in one row.

    A re-import of a 100,000-row list that did not change writes this instead of 100,000
    staging rows (whose indexes alone would cost it more than everything else together).
    """

    batch = models.OneToOneField(
        ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="unchanged_rows"
    )
    count = models.PositiveIntegerField(_("rows"), default=0)
    # Of these, the rows that had warnings when they were imported.
    warned = models.PositiveIntegerField(_("rows with warnings"), default=0)
    # Comma-separated, pair by pair: the row numbers and the organisation of each (text, as
    # PostgreSQL's string_agg writes it fastest); and row number → warnings.
    row_numbers = models.TextField(default="")
    organisation_ids = models.TextField(default="")
    warnings = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("rows unchanged since an earlier import")
        verbose_name_plural = _("rows unchanged since an earlier import")

    def __str__(self) -> str:
        return f"#{self.batch_id}: {self.count}"

    def pairs(self) -> list[tuple[int, int]]:
        """(row number, organisation id) in row order."""
        if not self.count:
            return []
        rows = map(int, self.row_numbers.split(","))
        return sorted(zip(rows, map(int, self.organisation_ids.split(",")), strict=True))


class HeaderMapping(models.Model):
    """How the headers of one source's files map to fields, so its next file maps itself."""

    source_key = models.CharField(max_length=200, unique=True, editable=False)
    source = models.CharField(_("source (partner)"), max_length=200)
    # Folded header text → field name ("" means: ignore this column).
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["source"]
        verbose_name = _("header mapping")
        verbose_name_plural = _("header mappings")

    def __str__(self) -> str:
        return self.source


class ImportedRecord(models.Model):
    """Provenance: which batch created or changed which record, and what it was before."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    row_number = models.PositiveIntegerField(_("row"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_id = models.BigIntegerField()
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    previous_values = models.JSONField(_("values before"), default=dict, blank=True)
    # updated_at of the record right after the import wrote it: revert refuses when it moved.
    stamp = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number", "id"]
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "content_type", "object_id"], name="imported_record_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["batch", "row_number"]),
        ]

    def __str__(self) -> str:
        return f"#{self.batch_id} {self.action} {self.content_type_id}:{self.object_id}"


class ImportFingerprint(models.Model):
    """The digest of the file row an import last wrote to an organisation as it is: a row with
    the same digest in a later file is "unchanged" without being normalised or matched.

    Trusted only while the organisation's ``updated_at`` is still ``stamp`` and its columns
    still hash to ``state``: any later edit, even one that bypasses ``updated_at``, sends the
    row through the full matching again.
    """

    organisation_id = models.BigIntegerField(primary_key=True)
    # Unique: a digest stands for one organisation (the one it was last written to).
    digest = models.CharField(max_length=32)
    # The row's "same entity" key by name (matching.entity_keys), unique like the digest: two
    # fast rows can never be one entity. And the row's warnings then.
    name_key = models.CharField(max_length=400)
    warnings = models.JSONField(default=list)
    stamp = models.DateTimeField()
    state = models.CharField(max_length=32)

    class Meta:
        # Constraints, not unique=True: that would add a LIKE index to each, never used and
        # written by every import.
        constraints = [
            models.UniqueConstraint(fields=["digest"], name="import_fingerprint_digest"),
            models.UniqueConstraint(fields=["name_key"], name="import_fingerprint_name_key"),
        ]
        verbose_name = _("import fingerprint")
        verbose_name_plural = _("import fingerprints")

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.digest}"


class ImportFlag(models.Model):
    """A row imported as far as was certain that waits for a person's decision: which of two
    gminas of one name, which kind when the file and the record disagree, who runs a unit."""

    class Kind(models.TextChoices):
        GMINA = "gmina", _("which gmina")
        KIND = "kind", _("which kind")
        OPERATOR = "operator", _("who runs the unit")

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="flags", db_index=False
    )
    row_number = models.PositiveIntegerField(_("row"))
    kind = models.CharField(_("decision"), max_length=16, choices=Kind.choices)
    organisation_id = models.BigIntegerField(_("organisation"))
    # [value, label] pairs: a gmina's TERC code, a kind, an operator's id.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    chosen = models.CharField(_("chosen"), max_length=32, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number", "kind"]
        verbose_name = _("row to decide")
        verbose_name_plural = _("rows to decide")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number", "kind"], name="import_flag_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation_id", "kind"], name="import_flag_decision")]

    def __str__(self) -> str:
        return f"#{self.batch_id}:{self.row_number} {self.kind}"
