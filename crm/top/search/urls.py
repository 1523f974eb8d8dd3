"""The search page and its suggestions; ``/api/v1/search/`` resolves here as the router has no
such prefix (as ``/api/v1/graph/`` in the monitoring)."""

from django.urls import path

from crm.top.search import api, views

app_name = "search"

urlpatterns = [
    path("szukaj/", views.search_page, name="results"),
    path("szukaj/podpowiedzi/", views.search_suggest, name="suggest"),
    path("api/v1/search/", api.SearchView.as_view(), name="api"),
]
