"""The monitoring API: indicators with breakdowns, the cooperation graph, strategic documents
and recommendations. Routed in ``crm/monitoring/urls.py`` under ``/api/v1/``."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
from django.http import Http404
from django.utils import timezone
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
from crm.monitoring import selectors, services
from crm.monitoring.forms import GraphFilterForm
from crm.monitoring.graph import build_graph
from crm.monitoring.graph.export import as_json, gexf_lines, graphml_lines
from crm.monitoring.indicators import (
    REGISTRY,
    Cell,
    IndicatorValue,
    Labels,
    Period,
    compute,
    records,
)
from crm.monitoring.models import Recommendation, StrategicDocument
from crm.territory.models import Subregion


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


class GraphView(APIView):
    """The cooperation graph. ``?format=json|graphml|gexf``; filters ``start``, ``end``
    (ISO dates; default the last 12 months), ``subregion`` (slug), ``kind`` and ``edges``
    (repeatable: membership, partnership, event, interaction)."""

    permission_classes = [MonitoringPermission]
    renderer_classes = [GraphJSONRenderer, GraphMLRenderer, GEXFRenderer]

    def get(self, request: Request) -> Response:
        from crm.monitoring.views.graph import graph_query

        params = request.query_params.copy()
        params.pop("format", None)
        form = GraphFilterForm(params)
        if not form.is_valid():
            return Response(form.errors.get_json_data(), status=400)
        graph = build_graph(graph_query(form)).graph
        response = Response(graph)
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt in ("graphml", "gexf"):
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = f'attachment; filename="siec-{stamp}.{fmt}"'
        return response


# --- indicators -----------------------------------------------------------------------------


def _cells(cells: list[Cell]) -> list[dict[str, Any]]:
    return [{"key": c.key, "label": c.label, "value": c.value, "records": c.params} for c in cells]


def _value(value: IndicatorValue, breakdowns: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"year": value.year, "value": value.value, "records": value.params}
    if breakdowns:
        out.update(
            by_subregion=_cells(value.by_subregion),
            by_powiat=_cells(value.by_powiat),
            by_category=_cells(value.by_category),
        )
    return out


class IndicatorViewSet(ViewSet):
    """Indicators computed for ``?year=`` (default last year) and ``?subregion=`` (slug).
    Each number carries ``records``: the parameters of ``/indicators/<code>/records/``."""

    permission_classes = [MonitoringPermission]
    lookup_field = "code"

    def _period(self, request: Request) -> Period:
        try:
            year = int(request.query_params.get("year", timezone.localdate().year - 1))
        except ValueError as error:
            raise serializers.ValidationError({"year": "a number"}) from error
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
