"""The action log page (wired in config/urls.py)."""

from django.urls import path

from crm.audit import access_views, views

app_name = "audit"

urlpatterns = [
    path("dziennik-zmian/", views.action_log, name="action_log"),
    path("dostep-do-danych/", access_views.access_log, name="access_log"),
]
