"""The action log page (wired in config/urls.py)."""

from django.urls import path

from crm.audit import views

app_name = "audit"

urlpatterns = [path("dziennik-zmian/", views.action_log, name="action_log")]
