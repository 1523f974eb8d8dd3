"""Exports over the API: start the export of a list with its list endpoint's filters, follow
the job, download the file.

Every export is a background job (``crm.exports.jobs``), as a large export from a list page
is: the same registry decides what a list holds, who may export it and which columns are
personal; the job and its file are its requester's only. Which endpoint exports as which list
is wired in ``config/api.py`` from the viewsets' ``export_name`` (this floor names no app).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from crm import access
from crm.api.related import scope_filters
from crm.exports.formats import CONTENT_TYPES
from crm.exports.jobs import export_job_for, export_job_start, export_jobs_of
from crm.exports.models import ExportJob
from crm.exports.services import FORMATS

_TAG = ["exports"]


@dataclass(frozen=True)
class ApiList:
    export: str  # the registry's name of the list ("participants")
    filterset_class: Any  # the list endpoint's FilterSet: the same filters, the same checks


API_LISTS: dict[str, ApiList] = {}


def register_api_exports(registry: list[tuple[str, Any, str]]) -> None:
    """Offer for export every list endpoint of the router whose viewset names its list."""
    for prefix, viewset, _basename in registry:
        name = getattr(viewset, "export_name", None)
        if name is not None:
            API_LISTS[prefix] = ApiList(name, viewset.filterset_class)


class NotReady(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The export is not finished (or it failed): see its status.")
    default_code = "not_ready"


class MayExport(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and access.has_capability(user, "exports.run"))


class ExportStartSerializer(serializers.Serializer):  # type: ignore[type-arg]
    # Declared in get_fields: the lists are known once the router is wired.
    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
        return {
            "list": serializers.ChoiceField(
                choices=sorted(API_LISTS),
                help_text=_("The list endpoint to export (its path under /api/v1/)."),
            ),
            "format": serializers.ChoiceField(choices=FORMATS, default="xlsx"),
            "filters": serializers.DictField(
                child=serializers.JSONField(),
                required=False,
                default=dict,
                help_text=_(
                    "The list endpoint's query parameters, e.g. "
                    '{"subregion": "bielski", "kind": ["foundation", "association"]}; '
                    "not page or page_size."
                ),
            ),
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        offered = API_LISTS[attrs["list"]]
        filters = attrs.get("filters") or {}
        data = QueryDict(mutable=True)
        for key, value in filters.items():
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, dict | list) or v is None for v in values):
                raise serializers.ValidationError({"filters": {key: [gettext("Not a value.")]}})
            data.setlist(key, [str(v).lower() if isinstance(v, bool) else str(v) for v in values])
        model = offered.filterset_class._meta.model
        filterset = scope_filters(
            offered.filterset_class(data=data, queryset=model._default_manager.none()),
            self.context["request"].user,
        )
        unknown = sorted(set(filters) - set(filterset.filters))
        if unknown:
            # An export never ignores a filter: one the list does not know is a mistake.
            message = gettext("Not a filter of this list.")
            raise serializers.ValidationError({"filters": {key: [message] for key in unknown}})
        if not filterset.form.is_valid():
            errors = {key: [str(m) for m in messages] for key, messages in filterset.errors.items()}
            raise serializers.ValidationError({"filters": errors})
        attrs["filters"] = {
            key: values if len(values) > 1 else values[0] for key, values in data.lists()
        }
        return attrs


class ExportJobSerializer(serializers.ModelSerializer[ExportJob]):
    list = serializers.SerializerMethodField(help_text=_("The list endpoint exported."))
    format = serializers.CharField(source="fmt", read_only=True)
    file = serializers.SerializerMethodField(
        help_text=_("Where to download the file once status is done; null before.")
    )

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "list",
            "format",
            "filters",
            "status",
            "total",
            "done",
            "error",
            "file",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_list(self, job: ExportJob) -> str:
        return next(
            (prefix for prefix, offered in API_LISTS.items() if offered.export == job.name),
            job.name,
        )

    def get_file(self, job: ExportJob) -> str | None:
        if job.status != ExportJob.Status.DONE or not job.file:
            return None
        return reverse("export-job-file", args=[job.pk])


@extend_schema_view(
    list=extend_schema(summary=_("Your exports, newest first"), tags=_TAG),
    retrieve=extend_schema(
        summary=_("One of your exports: its status and progress"),
        description=_(
            "status goes queued → running → done (file is then its download address) or "
            "failed (error says why); done and total count the rows."
        ),
        tags=_TAG,
    ),
)
class ExportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ExportJob]
):
    serializer_class = ExportJobSerializer
    permission_classes = [MayExport]
    queryset = ExportJob.objects.none()  # the schema's model; the rows are the requester's
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> Any:
        return export_jobs_of(user=self.request.user)

    def get_object(self) -> ExportJob:
        job = export_job_for(user=self.request.user, pk=int(self.kwargs["pk"]))
        if job is None:
            raise exceptions.NotFound
        return job

    @extend_schema(
        summary=_("Start the export of a list"),
        description=_(
            "The list with the filters its endpoint takes, as Excel or CSV, written in the "
            "background: follow the returned export until its status is done, then download "
            "its file. Who may export a list, and which columns are personal (left out for "
            "roles that do not see personal data), is as on the list's page; filters that "
            "the list does not take, or values it refuses, are a 400."
        ),
        request=ExportStartSerializer,
        responses={201: ExportJobSerializer},
        tags=_TAG,
    )
    def create(self, request: Request) -> Response:
        payload = ExportStartSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            job = export_job_start(
                actor=request.user,
                name=API_LISTS[data["list"]].export,
                filters=data["filters"],
                fmt=data["format"],
            )
        except ValueError as error:  # a filter the list's own reading refuses
            found = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
            raise exceptions.ValidationError({"filters": found or [str(error)]}) from error
        body = ExportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Download the file of a finished export"),
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            409: OpenApiResponse(description=_("Not finished yet, or failed")),
        },
        tags=_TAG,
    )
    @action(detail=True, methods=["get"], url_path="file")
    def file(self, request: Request, pk: str | None = None) -> FileResponse:
        job = self.get_object()
        if job.status != ExportJob.Status.DONE or not job.file:
            raise NotReady
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=CONTENT_TYPES[job.fmt],
        )
