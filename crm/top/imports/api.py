"""``/api/v1/imports/``: upload a partner's file with its dry run, read the plan, confirm, revert.

Thin, like the pages in ``views.py``: the services write, the selectors read. Batches are not
scoped by subregion: whoever holds ``imports.run`` sees them all (``batches_visible``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from crm import access
from crm.api.exceptions import Conflict
from crm.api.parsers import check_size, refuse_nul
from crm.api.viewsets import ReadOnlyViewSet
from crm.text import fold
from crm.top.imports import services
from crm.top.imports.forms import MAX_UPLOAD_BYTES
from crm.top.imports.models import ImportBatch, ImportRow
from crm.top.imports.pipeline.checks import FileRejected
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.pipeline.reverting import RevertRefused
from crm.top.imports.selectors import batch_rows, batches_visible, unchanged_rows
from crm.top.imports.services.queue import notice_of

Out = ImportRow.Outcome
REPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The multipart envelope and the text fields around a file of the largest size allowed.
_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024


class ImportPermission(BasePermission):
    """Everything needs ``imports.run``; a revert needs ``imports.revert`` as well, a resume
    ``imports.resume``."""

    EXTRA = {"revert": "imports.revert", "resume": "imports.resume"}

    def has_permission(self, request: Request, view: Any) -> bool:
        if not access.has_capability(request.user, "imports.run"):
            return False
        extra = self.EXTRA.get(view.action)
        return extra is None or access.has_capability(request.user, extra)


class UploadParser(MultiPartParser):
    """Multipart only, and up to the upload page's 20 MB (the API's other bodies stop at 10)."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        check_size(parser_context, limit=_UPLOAD_BODY_BYTES)
        return refuse_nul(super().parse(stream, media_type, parser_context))


# --- serializers ---------------------------------------------------------------------------


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
    last_progress_at = serializers.DateTimeField(
        source="heartbeat_at",
        read_only=True,
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
            "encoding",
            "delimiter",
            "sheet",
            "user",
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


class UnchangedRowSerializer(serializers.Serializer[Any]):
    row_number = serializers.IntegerField()
    organisation_id = serializers.IntegerField()


class RowsQuerySerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Out.choices, required=False)


# --- the viewset ---------------------------------------------------------------------------

_TAG = ["imports"]
_ROWS_DESCRIPTION = _(
    "The staged rows of the dry run, in file order. On PostgreSQL the rows an earlier import "
    "left as they are (found by fingerprints) are not staged one by one: they are counted in "
    "the batch's counts.unchanged and listed by /unchanged/."
)


@extend_schema_view(
    list=extend_schema(summary=_("List import batches, newest first"), tags=_TAG),
    retrieve=extend_schema(summary=_("One import batch"), tags=_TAG),
)
class ImportBatchViewSet(ReadOnlyViewSet):
    """Import batches of partner files, for those who may import (not scoped by subregion)."""

    queryset = ImportBatch.objects.all()
    serializer_class = ImportBatchSerializer
    permission_classes = [ImportPermission]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return batches_visible(self.request.user)

    def get_parsers(self) -> list[Any]:
        if getattr(self, "action", None) == "create":
            return [UploadParser()]
        return super().get_parsers()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # ``?format=`` of the report names the file type, not a renderer; errors stay JSON.
        if getattr(self, "action", None) == "report":
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary=_("Upload a partner's file and plan its import (dry run)"),
        description=_(
            "Checks the file, stores it and stages every row with what applying would do; "
            "nothing else is written until it is confirmed. A file that cannot be imported "
            "(empty, binary, old .xls, damaged or too large workbook, too many rows or "
            "columns, unknown encoding) is a 400 naming why."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportBatchSerializer},
        tags=_TAG,
    )
    def create(self, request: Request) -> Response:
        payload = ImportUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        try:
            batch = services.import_batch_upload(
                actor=request.user,
                source=payload.validated_data["source"],
                name=upload.name or "",
                data=upload.read(),
                sheet=payload.validated_data["sheet"],
            )
            # A file rejected only here stays in the list as failed, as on the page.
            batch = services.import_batch_plan(actor=request.user, batch=batch)
        except FileRejected as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from error
        return Response(self.output(batch), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("The staged rows of an import batch"),
        description=_ROWS_DESCRIPTION,
        parameters=[
            OpenApiParameter("outcome", OpenApiTypes.STR, enum=Out.values),
        ],
        responses={200: ImportRowSerializer(many=True)},
        tags=_TAG,
    )
    @action(detail=True, methods=["get"], url_path="rows")
    def rows(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        params = RowsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = batch_rows(request.user, batch.pk, params.validated_data.get("outcome", ""))
        page = self.paginate_queryset(found)
        return self.get_paginated_response(ImportRowSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Rows found unchanged by fingerprints"),
        description=_(
            "The rows of the file that an earlier import left as they are, with the "
            "organisation each one is (PostgreSQL only; elsewhere such rows are staged and "
            "listed by /rows/?outcome=unchanged)."
        ),
        responses={200: UnchangedRowSerializer(many=True)},
        tags=_TAG,
    )
    @action(detail=True, methods=["get"], url_path="unchanged")
    def unchanged(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        pairs = unchanged_rows(request.user, batch.pk)
        page: list[tuple[int, int]] = self.paginate_queryset(pairs) or []  # type: ignore[arg-type]
        body = [{"row_number": row, "organisation_id": pk} for row, pk in page]
        return self.get_paginated_response(UnchangedRowSerializer(body, many=True).data)

    @extend_schema(
        summary=_("Confirm the plan: apply it in the background"),
        description=_(
            "202: the batch is queued for a worker; follow status and progress on the "
            "batch. When the queue cannot be reached the batch stays queued, the watchdog "
            "sends it later and notice says so (never a 500). 409 when the batch is not "
            "planned."
        ),
        request=None,
        responses={202: ImportBatchSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        try:
            batch = services.import_batch_confirm(actor=request.user, batch=batch)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        return Response(self.queued_output(batch), status=status.HTTP_202_ACCEPTED)

    def queued_output(self, batch: ImportBatch) -> Any:
        """The batch as stored, and whether its message reached the queue (``notice``)."""
        data = self.output(batch)
        data["notice"] = notice_of(batch)
        return data

    @extend_schema(
        summary=_("Resume an import that stopped"),
        description=_(
            "Queues a queued, interrupted or failed import again at once (the watchdog does "
            "so by itself after a few minutes without progress); rows already applied are "
            "kept and never written twice. 409 when there is nothing to resume or the import "
            "moved in the last minute."
        ),
        request=None,
        responses={202: ImportBatchSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="resume")
    def resume(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        try:
            batch = services.import_batch_resume(actor=request.user, batch=batch)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        return Response(self.queued_output(batch), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary=_("Revert an applied import"),
        description=_(
            "Removes what the batch created and restores what it changed. 409 when the batch "
            "is not applied, or when something changed since (the message says what)."
        ),
        request=None,
        responses={200: ImportBatchSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="revert")
    def revert(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        try:
            batch = services.import_batch_revert(actor=request.user, batch=batch)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        except RevertRefused as error:
            raise Conflict(str(error)) from error
        return Response(self.output(batch))

    @extend_schema(
        summary=_("The rows not imported, to fix and import again"),
        description=_("The rows with errors in the file's own columns, with the reason last."),
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(REPORT_TYPES), default="csv"),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, REPORT_TYPES["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY),
        },
        tags=_TAG,
    )
    @action(detail=True, methods=["get"], url_path="report")
    def report(self, request: Request, pk: str | None = None) -> HttpResponse:
        batch = self.get_object()
        fmt = "xlsx" if request.query_params.get("format") == "xlsx" else "csv"
        response = HttpResponse(rows_not_imported(batch, fmt), content_type=REPORT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-bledy.{fmt}"'
        return response
