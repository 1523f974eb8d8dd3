"""``/api/v1/imports/``: upload a partner's file, follow its dry run, read the plan, confirm,
revert.

Thin, like the pages in ``views.py``: the services write, the selectors read. Batches are not
scoped by subregion: whoever holds ``imports.run`` sees them all (``batches_visible``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
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
from crm.top.imports import services
from crm.top.imports.forms import MAX_UPLOAD_BYTES
from crm.top.imports.models import ImportBatch, ImportRow
from crm.top.imports.pipeline.checks import FileRejected
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.pipeline.reverting import RevertRefused
from crm.top.imports.selectors import batch_rows, batches_visible, unchanged_rows
from crm.top.imports.serializers import (
    ImportBatchSerializer,
    ImportRowSerializer,
    ImportUploadSerializer,
    RevertRefusedSerializer,
    RevertSerializer,
    RowsQuerySerializer,
    UnchangedRowSerializer,
)
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
        # DRF asks before it sets self.action (reading it gave uploads the API's 10 MB, not
        # their 20): the action from the method.
        method = str(getattr(getattr(self, "request", None), "method", "")).lower()
        if (getattr(self, "action_map", None) or {}).get(method) == "create":
            return [UploadParser()]
        return super().get_parsers()

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # ``?format=`` of the report names the file type, not a renderer; errors stay JSON.
        if getattr(self, "action", None) == "report":
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary=_("Upload a partner's file and queue its dry run"),
        description=_(
            "Checks the file as it streams (size, type, encoding, rows, columns, cells, what "
            "a workbook really unpacks to), stores it and queues the dry run, which stages "
            "every row with what applying would do: follow status (plan_queued, planning, "
            "planned) and progress on the batch. Nothing else is written until it is "
            "confirmed. A file that cannot be imported (empty, binary, old .xls, damaged "
            "workbook or decompression bomb, too many rows or columns, a cell longer than "
            "Excel allows, unknown encoding) is a 400 naming why; one found out only by the "
            "dry run makes the batch failed with the reason."
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
            # The dry run in the background: a long file outlasts a request.
            batch = services.import_batch_plan_queue(actor=request.user, batch=batch)
        except FileRejected as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from error
        return Response(self.queued_output(batch), status=status.HTTP_201_CREATED)

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
            "is not applied, or when records it wrote changed since (compared by value: a "
            "value put back by hand counts as unchanged): the answer lists them in `changed`, "
            "each with its fields (the value the import left, the value now). With "
            "`keep_changed` true everything else is reverted and those records stay as they "
            "are, with the people, affiliations and organisations the import created for them; "
            "counts.kept_on_revert names them."
        ),
        request=RevertSerializer,
        responses={200: ImportBatchSerializer, 409: RevertRefusedSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="revert")
    def revert(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        payload = RevertSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        keep = payload.validated_data["keep_changed"]
        try:
            batch = services.import_batch_revert(actor=request.user, batch=batch, keep_changed=keep)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        except RevertRefused as error:
            changed = [item.as_json() for item in error.changed]
            body = {
                "message": str(error),
                "code": "changed_since",
                "errors": {},
                "changed": changed,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
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
