"""The monitoring API: indicators with breakdowns, the cooperation graph, strategic documents
and recommendations. Routed in ``crm/top/monitoring/urls.py`` under ``/api/v1/``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import networkx as nx
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSet

from crm import access
from crm.api.pagination import Pagination
from crm.api.viewsets import ReadOnlyViewSet, ServiceCreateMixin, ServiceUpdateMixin
from crm.territory.models import Subregion
from crm.top.monitoring import selectors, services
from crm.top.monitoring.forms import GraphFilterForm
from crm.top.monitoring.graph import build_graph
from crm.top.monitoring.graph.export import as_json, gexf_lines, graphml_lines
from crm.top.monitoring.indicators import (
    REGISTRY,
    Cell,
    IndicatorValue,
    Labels,
    Period,
    compute,
    records,
)
from crm.top.monitoring.models import Recommendation, StrategicDocument

FIRST_YEAR = 2000


class MonitoringPermission(BasePermission):
    """Reading needs ``monitoring.view``; writing needs ``monitoring.edit``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = "monitoring.view" if request.method in SAFE_METHODS else "monitoring.edit"
        return access.has_capability(request.user, needed)


# --- the graph ------------------------------------------------------------------------------


class _GraphRenderer(BaseRenderer):
    charset = "utf-8"

    def lines(self, graph: nx.Graph) -> Any:
        raise NotImplementedError

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        if not isinstance(data, nx.Graph):  # an error body (403, 400): plain JSON
            return json.dumps(data, ensure_ascii=False).encode()
        return "\n".join(self.lines(data)).encode()


class GraphMLRenderer(_GraphRenderer):
    media_type = "application/graphml+xml"
    format = "graphml"

    def lines(self, graph: nx.Graph) -> Any:
        return graphml_lines(graph)


class GEXFRenderer(_GraphRenderer):
    media_type = "application/gexf+xml"
    format = "gexf"

    def lines(self, graph: nx.Graph) -> Any:
        return gexf_lines(graph)


class GraphJSONRenderer(_GraphRenderer):
    media_type = "application/json"
    format = "json"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        body = as_json(data) if isinstance(data, nx.Graph) else data
        return json.dumps(body, ensure_ascii=False).encode()


_GRAPH_PARAMETERS = [
    OpenApiParameter(
        "format",
        str,
        enum=["json", "graphml", "gexf"],
        description="json (node-link), graphml or gexf (Gephi).",
    ),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default: a year ago)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default: today)."),
    OpenApiParameter("subregion", str, description="Subregion slug: ties with an end in it."),
    OpenApiParameter("kind", str, many=True, description="Organisation kinds (both ends)."),
    OpenApiParameter(
        "edges",
        str,
        many=True,
        enum=["membership", "partnership", "event", "interaction"],
        description="Kinds of ties (default: all).",
    ),
]


@extend_schema(
    summary="The cooperation graph",
    tags=["monitoring"],
    parameters=_GRAPH_PARAMETERS,
    responses={
        (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
        (200, "application/graphml+xml"): OpenApiResponse(OpenApiTypes.STR),
        (200, "application/gexf+xml"): OpenApiResponse(OpenApiTypes.STR),
    },
)
class GraphView(APIView):
    """The cooperation graph. ``?format=json|graphml|gexf``; filters ``start``, ``end``
    (ISO dates; default the last 12 months), ``subregion`` (slug), ``kind`` and ``edges``
    (repeatable: membership, partnership, event, interaction)."""

    permission_classes = [MonitoringPermission]
    renderer_classes = [GraphJSONRenderer, GraphMLRenderer, GEXFRenderer]

    def _as_json(self) -> None:
        """Errors are JSON whatever ``format`` asked for (the schema says so)."""
        self.request.accepted_renderer = GraphJSONRenderer()
        self.request.accepted_media_type = GraphJSONRenderer.media_type

    def handle_exception(self, exc: Exception) -> Response:
        if hasattr(self, "request"):
            self._as_json()
        return super().handle_exception(exc)

    def get(self, request: Request) -> Response:
        from crm.top.monitoring.views.graph import graph_query

        params = request.query_params.copy()
        params.pop("format", None)
        form = GraphFilterForm(params)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    name: [e["message"] for e in errors]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        graph = build_graph(graph_query(form)).graph
        response = Response(graph)
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt in ("graphml", "gexf"):
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = f'attachment; filename="siec-{stamp}.{fmt}"'
        return response


# --- indicators -----------------------------------------------------------------------------


def _number(value: Decimal | int) -> float | int:
    """Numbers stay JSON numbers (DRF would write a Decimal as a string)."""
    return float(value) if isinstance(value, Decimal) else value


def _cells(cells: list[Cell]) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "label": c.label, "value": _number(c.value), "records": c.params}
        for c in cells
    ]


def _value(value: IndicatorValue, breakdowns: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "year": value.year,
        "value": _number(value.value),
        "records": value.params,
    }
    if breakdowns:
        out.update(
            by_subregion=_cells(value.by_subregion),
            by_powiat=_cells(value.by_powiat),
            by_category=_cells(value.by_category),
        )
    return out


_CELL = inline_serializer(
    "IndicatorCell",
    {
        "key": serializers.JSONField(help_text="A subregion or powiat id, a category key."),
        "label": serializers.CharField(),
        "value": serializers.FloatField(),
        "records": serializers.DictField(),
    },
)
_INDICATOR = inline_serializer(
    "IndicatorValue",
    {
        "code": serializers.CharField(),
        "name_pl": serializers.CharField(),
        "name_en": serializers.CharField(),
        "unit": serializers.CharField(),
        "chapter": serializers.CharField(),
        "baseline_year": serializers.IntegerField(allow_null=True),
        "baseline_value": serializers.DecimalField(
            max_digits=14, decimal_places=2, allow_null=True
        ),
        "targets": serializers.DictField(),
        "year": serializers.IntegerField(),
        "value": serializers.FloatField(),
        "records": serializers.DictField(),
    },
)
_INDICATOR_DETAIL = inline_serializer(
    "IndicatorBreakdown",
    {
        "code": serializers.CharField(),
        "unit": serializers.CharField(),
        "year": serializers.IntegerField(),
        "value": serializers.FloatField(),
        "records": serializers.DictField(),
        "by_subregion": _CELL.__class__(many=True),
        "by_powiat": _CELL.__class__(many=True),
        "by_category": _CELL.__class__(many=True),
    },
)
_RECORD = inline_serializer(
    "IndicatorRecord",
    {
        "id": serializers.IntegerField(),
        "name": serializers.CharField(),
        "kind": serializers.CharField(),
    },
)
_PERIOD = [
    OpenApiParameter("year", int, description="The year (default: last year)."),
    OpenApiParameter("subregion", str, description="Narrow to a subregion (slug)."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Every indicator for a year",
        tags=["monitoring"],
        parameters=_PERIOD,
        responses=_INDICATOR.__class__(many=True),
    ),
    retrieve=extend_schema(
        summary="One indicator with its breakdowns",
        tags=["monitoring"],
        parameters=_PERIOD,
        responses=_INDICATOR_DETAIL,
    ),
)
class IndicatorViewSet(ViewSet):
    """Indicators computed for ``?year=`` (default last year) and ``?subregion=`` (slug).
    Each number carries ``records``: the parameters of ``/indicators/<code>/records/``."""

    permission_classes = [MonitoringPermission]
    lookup_field = "code"

    def _period(self, request: Request) -> Period:
        try:
            year = int(request.query_params.get("year", timezone.localdate().year - 1))
        except ValueError:
            year = 0
        if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
            raise serializers.ValidationError({"year": [_("A year between 2000 and next year.")]})
        slug = request.query_params.get("subregion")
        subregion = Subregion.objects.filter(slug=slug).first() if slug else None
        return Period(year, subregion.pk if subregion else None, user=request.user)

    def _definition(self, request: Request, code: str) -> Any:
        definition = selectors.indicator_definitions(user=request.user).filter(code=code).first()
        if definition is None or definition.query not in REGISTRY:
            raise Http404
        return definition

    def list(self, request: Request) -> Response:
        period, labels = self._period(request), Labels()
        return Response(
            [
                {
                    "code": d.code,
                    "name_pl": d.name_pl,
                    "name_en": d.name_en,
                    "unit": d.unit,
                    "chapter": d.chapter,
                    "baseline_year": d.baseline_year,
                    "baseline_value": d.baseline_value,
                    "targets": {t.year: t.value for t in d.targets.all()},
                    **_value(compute(d.query, period, labels), breakdowns=False),
                }
                for d in selectors.indicator_definitions(user=request.user)
                if d.query in REGISTRY
            ]
        )

    def retrieve(self, request: Request, code: str) -> Response:
        definition = self._definition(request, code)
        value = compute(definition.query, self._period(request))
        return Response({"code": definition.code, "unit": definition.unit, **_value(value, True)})

    @extend_schema(
        summary="The records behind an indicator's number",
        tags=["monitoring"],
        parameters=[
            *_PERIOD,
            OpenApiParameter("subregion_id", str, description="A subregion id, or none."),
            OpenApiParameter("powiat", str, description="A powiat id, or none."),
            OpenApiParameter("category", str, description="A category key, or none."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=_RECORD.__class__(many=True),
    )
    def records(self, request: Request, code: str) -> Response:
        """The organisations (or records) behind a number, paginated."""
        definition = self._definition(request, code)
        period = self._period(request)
        found, kind = records(
            definition.query,
            Period(period.year, user=request.user),
            subregion=request.query_params.get("subregion_id")
            or (str(period.subregion_id) if period.subregion_id else None),
            powiat=request.query_params.get("powiat"),
            category=request.query_params.get("category"),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(found, request, view=self)
        rows = [{"id": obj.pk, "name": str(obj), "kind": kind} for obj in page or []]
        return paginator.get_paginated_response(rows)


# --- strategic documents and recommendations -------------------------------------------------


class StrategicDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicDocument
        fields = [
            "id",
            "organisation",
            "title",
            "kind",
            "adopted_on",
            "valid_until",
            "has_se_provisions",
            "quote",
            "link",
        ]


@extend_schema_view(
    list=extend_schema(summary="List strategic documents of JST", tags=["monitoring"]),
    retrieve=extend_schema(summary="One strategic document", tags=["monitoring"]),
    create=extend_schema(summary="Add a strategic document", tags=["monitoring"]),
    update=extend_schema(summary="Change a strategic document", tags=["monitoring"]),
    partial_update=extend_schema(
        summary="Change some fields of a strategic document", tags=["monitoring"]
    ),
)
class StrategicDocumentViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = StrategicDocument.objects.all()
    serializer_class = StrategicDocumentSerializer
    permission_classes = [MonitoringPermission]
    pagination_class = Pagination
    filterset_fields = ["kind", "has_se_provisions", "organisation"]

    def get_queryset(self) -> Any:
        return selectors.strategic_document_list(user=self.request.user)

    def service_create(self, data: dict[str, Any]) -> StrategicDocument:
        return services.strategic_document_create(actor=self.request.user, **data)

    def service_update(self, instance: Any, data: dict[str, Any]) -> StrategicDocument:
        return services.strategic_document_update(
            actor=self.request.user, document=instance, **data
        )


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "id",
            "monitoring_year",
            "text",
            "addressee",
            "subregion",
            "status",
            "implemented_on",
        ]


@extend_schema_view(
    list=extend_schema(summary="List monitoring recommendations", tags=["monitoring"]),
    retrieve=extend_schema(summary="One recommendation", tags=["monitoring"]),
    create=extend_schema(summary="Add a recommendation", tags=["monitoring"]),
    update=extend_schema(summary="Change a recommendation", tags=["monitoring"]),
    partial_update=extend_schema(
        summary="Change some fields of a recommendation", tags=["monitoring"]
    ),
)
class RecommendationViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    permission_classes = [MonitoringPermission]
    pagination_class = Pagination
    filterset_fields = ["monitoring_year", "status", "subregion"]

    def get_queryset(self) -> Any:
        return selectors.recommendation_list(user=self.request.user)

    def service_create(self, data: dict[str, Any]) -> Recommendation:
        return services.recommendation_create(actor=self.request.user, **data)

    def service_update(self, instance: Any, data: dict[str, Any]) -> Recommendation:
        return services.recommendation_update(
            actor=self.request.user, recommendation=instance, **data
        )
