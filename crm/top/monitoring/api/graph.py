"""The cooperation graph over the API, as node-link JSON, GraphML or GEXF."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from crm.top.monitoring.api.permissions import MonitoringPermission
from crm.top.monitoring.forms import GraphFilterForm
from crm.top.monitoring.graph import build_graph
from crm.top.monitoring.graph.export import as_json, gexf_lines, graphml_lines


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
