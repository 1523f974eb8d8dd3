"""Indicators over the API: every indicator for a year, one with breakdowns, its records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from crm.api.pagination import Pagination
from crm.territory.models import Subregion
from crm.top.monitoring import selectors
from crm.top.monitoring.api.permissions import MonitoringPermission
from crm.top.monitoring.indicators import (
    REGISTRY,
    Cell,
    IndicatorValue,
    Labels,
    Period,
    compute,
    records,
)
from crm.top.monitoring.years import FIRST_YEAR, default_year


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
        "definition_pl": serializers.CharField(help_text="What it counts, in one line."),
        "definition_en": serializers.CharField(),
        "unit": serializers.CharField(),
        "chapter": serializers.CharField(),
        "baseline_year": serializers.IntegerField(allow_null=True),
        "baseline_value": serializers.FloatField(allow_null=True),
        "targets": serializers.DictField(child=serializers.FloatField()),
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
        "definition_pl": serializers.CharField(),
        "definition_en": serializers.CharField(),
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
_RECORD_PAGE = inline_serializer(
    "PaginatedIndicatorRecordList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": _RECORD.__class__(many=True),
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
            year = int(request.query_params.get("year", default_year()))
        except ValueError:
            year = 0
        if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
            message = _("A year between %(first)s and next year.") % {"first": FIRST_YEAR}
            raise serializers.ValidationError({"year": [message]})
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
                    "definition_pl": d.description,
                    "definition_en": d.description_en,
                    "unit": d.unit,
                    "chapter": d.chapter,
                    "baseline_year": d.baseline_year,
                    "baseline_value": None
                    if d.baseline_value is None
                    else _number(d.baseline_value),
                    "targets": {t.year: _number(t.value) for t in d.targets.all()},
                    **_value(compute(d.query, period, labels), breakdowns=False),
                }
                for d in selectors.indicator_definitions(user=request.user)
                if d.query in REGISTRY
            ]
        )

    def retrieve(self, request: Request, code: str) -> Response:
        definition = self._definition(request, code)
        value = compute(definition.query, self._period(request))
        return Response(
            {
                "code": definition.code,
                "unit": definition.unit,
                "definition_pl": definition.description,
                "definition_en": definition.description_en,
                **_value(value, True),
            }
        )

    @extend_schema(
        summary="The records behind an indicator's number",
        tags=["monitoring"],
        parameters=[
            *_PERIOD,
            OpenApiParameter("subregion_id", str, description="A subregion id, or none."),
            OpenApiParameter("powiat", str, description="A powiat id, or none."),
            OpenApiParameter("category", str, description="A category key, or none."),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": Pagination.max_page_size},
            ),
        ],
        responses=_RECORD_PAGE,
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
