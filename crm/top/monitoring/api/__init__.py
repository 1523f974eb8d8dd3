"""The monitoring API: indicators with breakdowns, the cooperation graph, strategic documents
and recommendations. Routed in ``crm/top/monitoring/urls.py`` under ``/api/v1/``."""

from crm.top.monitoring.api.graph import GraphView
from crm.top.monitoring.api.indicators import IndicatorViewSet
from crm.top.monitoring.api.records import RecommendationViewSet, StrategicDocumentViewSet

__all__ = ["GraphView", "IndicatorViewSet", "RecommendationViewSet", "StrategicDocumentViewSet"]
