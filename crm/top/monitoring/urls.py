"""Monitoring pages (wired in config/urls.py at ``/``) and its API under ``/api/v1/``.

The API routes live here rather than in ``config.api``'s router so that this app wires itself;
``/api/`` resolves ``v1/graph/`` etc. here because the router has no such prefixes.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from crm.top.monitoring import api
from crm.top.monitoring.views import catalogue, graph, indicators, records, reports

app_name = "monitoring"

router = SimpleRouter()
router.register("strategic-documents", api.StrategicDocumentViewSet, basename="strategic-document")
router.register("recommendations", api.RecommendationViewSet, basename="recommendation")

indicator_list_api = api.IndicatorViewSet.as_view({"get": "list"})
indicator_detail_api = api.IndicatorViewSet.as_view({"get": "retrieve"})
indicator_records_api = api.IndicatorViewSet.as_view({"get": "records"})

urlpatterns = [
    path("wskazniki/", indicators.indicator_list, name="indicators"),
    path("wskazniki/<slug:code>/", indicators.indicator_detail, name="indicator_detail"),
    path("wskazniki/<slug:code>/rekordy/", indicators.indicator_records, name="indicator_records"),
    path("wskazniki/<slug:code>/edycja/", indicators.indicator_edit, name="indicator_edit"),
    path("raporty/", reports.report_page, name="report"),
    path("raporty/xlsx/", reports.report_xlsx, name="report_xlsx"),
    path("raporty/przygotuj/", reports.report_request, name="report_request"),
    path("raporty/pliki/<int:pk>/", reports.report_download, name="report_download"),
    path("graf/", graph.graph_page, name="graph"),
    path("graf/izolowane/", graph.isolated_list, name="isolated"),
    path("graf/wydarzenia/", graph.event_outcome_list, name="event_outcomes"),
    path("graf/wydarzenia/<int:pk>/", graph.event_outcome_detail, name="event_outcome"),
    path("dokumenty-strategiczne/", records.document_list, name="document_list"),
    path("dokumenty-strategiczne/nowy/", records.document_form, name="document_create"),
    path("dokumenty-strategiczne/<int:pk>/", records.document_form, name="document_edit"),
    path("rekomendacje/", records.recommendation_list, name="recommendation_list"),
    path("rekomendacje/nowa/", records.recommendation_form, name="recommendation_create"),
    path("rekomendacje/<int:pk>/", records.recommendation_form, name="recommendation_edit"),
    path("katalog/", catalogue.catalogue_list, name="catalogue"),
    path("katalog/api.json", catalogue.catalogue_json, name="catalogue_json"),
    path("katalog/<int:pk>/", catalogue.catalogue_detail, name="catalogue_detail"),
    path("api/v1/graph/", api.GraphView.as_view(), name="api-graph"),
    path("api/v1/indicators/", indicator_list_api, name="api-indicator-list"),
    path("api/v1/indicators/<slug:code>/", indicator_detail_api, name="api-indicator-detail"),
    path(
        "api/v1/indicators/<slug:code>/records/",
        indicator_records_api,
        name="api-indicator-records",
    ),
    path("api/v1/", include(router.urls)),
]
