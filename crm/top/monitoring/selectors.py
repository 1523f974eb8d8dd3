"""Every read of this app's records; each starts from ``crm.access.scope``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from crm.access import scope
from crm.top.monitoring.models import (
    IndicatorDefinition,
    IndicatorTarget,
    MonitoringReport,
    Recommendation,
    StrategicDocument,
)


def indicator_definitions(*, user: Any) -> QuerySet[IndicatorDefinition]:
    """The indicators in report order, with their targets prefetched.

    ``user=None`` is the system itself (a report task): definitions hold no personal data.
    """
    definitions = IndicatorDefinition.objects.all()
    if user is not None:
        definitions = scope(definitions, user)
    return definitions.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    )


def strategic_document_list(
    *, user: Any, subregion: str | None = None, kind: str | None = None
) -> QuerySet[StrategicDocument]:
    documents = scope(StrategicDocument.objects.all(), user).select_related(
        "organisation", "organisation__gmina", "organisation__gmina__subregion"
    )
    if subregion:
        documents = documents.filter(organisation__gmina__subregion__slug=subregion)
    if kind:
        documents = documents.filter(kind=kind)
    return documents.order_by("organisation__name", "-adopted_on", "pk")


def recommendation_list(
    *, user: Any, year: int | None = None, status: str | None = None
) -> QuerySet[Recommendation]:
    recommendations = scope(Recommendation.objects.all(), user).select_related("subregion")
    if year:
        recommendations = recommendations.filter(monitoring_year=year)
    if status:
        recommendations = recommendations.filter(status=status)
    return recommendations.order_by("-monitoring_year", "pk")


def report_list(*, user: Any) -> QuerySet[MonitoringReport]:
    """Generated report files, newest first."""
    return scope(MonitoringReport.objects.all(), user).select_related("subregion", "requested_by")[
        :50
    ]
