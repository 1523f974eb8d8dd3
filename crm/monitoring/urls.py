"""HTML pages of this app (wired in config/urls.py) and its API routes under ``api/v1/``."""

from django.urls import path

from crm.monitoring.views import catalogue

app_name = "monitoring"

urlpatterns = [
    path("katalog/", catalogue.catalogue_list, name="catalogue"),
    path("katalog/api.json", catalogue.catalogue_json, name="catalogue_json"),
    path("katalog/<int:pk>/", catalogue.catalogue_detail, name="catalogue_detail"),
]
