"""The serializers of ``/api/v1/imports/`` (``api.py``): a batch, its rows, an upload."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from crm.text import fold
from crm.top.imports.forms import MAX_UPLOAD_BYTES
from crm.top.imports.models import ImportBatch, ImportRow
from crm.top.imports.services.queue import notice_of

Out = ImportRow.Outcome


class ProgressSerializer(serializers.Serializer[Any]):
    done = serializers.IntegerField(source="progress_done")
    total = serializers.IntegerField(source="progress_total")


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    counts = serializers.JSONField(
        help_text=_(
            "Rows per outcome (create, update, unchanged, merged, ignored, error); "
            "unchanged includes the rows found unchanged by fingerprints. "
            '"applied": true once applied.'
        )
    )
    unmapped_headers = serializers.SerializerMethodField(
        help_text=_("Headers of the file that map to no field (their columns are not imported).")
    )
    progress = ProgressSerializer(source="*", read_only=True)
    limited_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="subregions",
        slug_field="slug",
        many=True,
        read_only=True,
        help_text=_(
            "An OWES partner's import writes only rows of these subregions (the others are "
            "error rows with the reason); empty for an import that may write every row."
        ),
    )
    last_progress_at = serializers.DateTimeField(
        source="heartbeat_at",
        read_only=True,
        allow_null=True,
        help_text=_(
            "The last sign of life of the background work (queued, claimed by a worker, a "
            "chunk applied); the watchdog queues the batch again when it is too old."
        ),
    )
    notice = serializers.SerializerMethodField(
        help_text=_(
            "What the person should know about the background work now, e.g. that the queue "
            "was unavailable and the batch waits for the watchdog; empty otherwise."
        )
    )

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "source",
            "original_name",
            "file_type",
            "size",
            "status",
            "counts",
            "headers",
            "mapping",
            "unmapped_headers",
            "header_row",
            "file_rows",
            "encoding",
            "delimiter",
            "sheet",
            "user",
            "limited_to",
            "created_at",
            "planned_at",
            "applied_at",
            "reverted_at",
            "progress",
            "last_progress_at",
            "error",
            "notice",
        ]
        read_only_fields = fields

    def get_notice(self, batch: ImportBatch) -> str:
        return notice_of(batch)

    def get_unmapped_headers(self, batch: ImportBatch) -> list[str]:
        return [h for h in batch.headers if h and fold(h) not in batch.mapping]


class ImportUploadSerializer(serializers.Serializer[Any]):
    # Declared in get_fields: "source" would shadow Field.source as a class attribute.
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "file": serializers.FileField(
                help_text=_("CSV (also Windows-1250 from Polish Excel) or XLSX, up to 20 MB.")
            ),
            "source": serializers.CharField(
                max_length=200,
                help_text=_("Which partner sent the file, e.g. OWES subregionu bielskiego."),
            ),
            "sheet": serializers.CharField(
                max_length=100,
                required=False,
                default="",
                allow_blank=True,
                help_text=_("The sheet of an XLSX workbook (default: the first)."),
            ),
        }

    def validate_file(self, upload: Any) -> Any:
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(gettext("The file is larger than 20 MB."))
        return upload


class ImportRowSerializer(serializers.ModelSerializer[ImportRow]):
    class Meta:
        model = ImportRow
        fields = [
            "row_number",
            "outcome",
            "values",
            "changes",
            "messages",
            "warnings",
            "organisation_id",
            "merged_into_row",
        ]
        read_only_fields = fields

    # The organisation the row created (its provenance) or matched: selectors.batch_rows.
    organisation_id = serializers.IntegerField(source="organisation_pk", allow_null=True)


class UnchangedRowSerializer(serializers.Serializer[Any]):
    row_number = serializers.IntegerField()
    organisation_id = serializers.IntegerField()


class RowsQuerySerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Out.choices, required=False)


class RevertSerializer(serializers.Serializer[Any]):
    keep_changed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Revert everything but the records changed since the import, which stay as they are."
        ),
    )


class ChangedFieldSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    at_import = serializers.CharField(help_text=_("The value the import left."))
    now = serializers.CharField()


class ChangedRecordSerializer(serializers.Serializer[Any]):
    """The 409 of a revert: one record changed since (``reverting.Changed.as_json``)."""

    # Declared in get_fields: "fields" would shadow Serializer.fields as a class attribute.
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "type": serializers.CharField(
                help_text=_("organisation, person, affiliation, interaction, …")
            ),
            "id": serializers.IntegerField(),
            "name": serializers.CharField(),
            "url": serializers.CharField(help_text=_("Its page.")),
            "fields": ChangedFieldSerializer(many=True),
            "used_by": serializers.ListField(
                child=serializers.CharField(),
                help_text=_("What newer records use an organisation the import created."),
            ),
        }


class RevertRefusedSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "message": serializers.CharField(),
            "code": serializers.CharField(),
            "errors": serializers.DictField(),
            "changed": ChangedRecordSerializer(many=True),
        }
