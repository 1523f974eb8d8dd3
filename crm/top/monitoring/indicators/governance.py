"""Indicators over this app's own records: JST strategic documents and recommendations."""

from __future__ import annotations

from django.db.models import Count, Q

from contacts.models import JST_KINDS
from crm.top.monitoring.indicators.base import Measure, Period, indicator
from crm.top.monitoring.indicators.organisations import ORG_POWIAT, ORG_SUBREGION, organisations
from crm.top.monitoring.models import Recommendation, StrategicDocument


@indicator("jst_se_documents")
def jst_se_documents(period: Period) -> Measure:
    """JST with a strategic document in force at the end of the year that provides for SE."""
    documents = StrategicDocument.objects.filter(
        has_se_provisions=True, adopted_on__lte=period.end
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.end))
    return organisations(Q(pk__in=documents.values("organisation")) & Q(kind__in=sorted(JST_KINDS)))


@indicator("se_documents_adopted")
def se_documents_adopted(period: Period) -> Measure:
    """Strategic documents with social-economy provisions adopted in the year (by kind)."""
    return Measure(
        queryset=StrategicDocument.objects.filter(
            has_se_provisions=True, adopted_on__range=(period.start, period.end)
        ),
        value=Count("pk"),
        subregion=f"organisation__{ORG_SUBREGION}",
        powiat=f"organisation__{ORG_POWIAT}",
        category="kind",
        category_labels=dict(StrategicDocument.Kind.choices),
        organisation_path=None,
    )


def _recommendations(condition: Q) -> Measure:
    return Measure(
        queryset=Recommendation.objects.filter(condition),
        value=Count("pk"),
        subregion="subregion",
        category="status",
        category_labels=dict(Recommendation.Status.choices),
        organisation_path=None,
    )


@indicator("recommendations_made")
def recommendations_made(period: Period) -> Measure:
    """Recommendations made by the monitoring of the year (by their status today)."""
    return _recommendations(Q(monitoring_year=period.year))


@indicator("recommendations_implemented")
def recommendations_implemented(period: Period) -> Measure:
    """Recommendations (of any monitoring year) implemented in the year."""
    return _recommendations(
        Q(status=Recommendation.Status.IMPLEMENTED)
        & Q(implemented_on__range=(period.start, period.end))
    )
