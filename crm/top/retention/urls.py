"""The retention page (wired in config/urls.py)."""

from django.urls import path

from crm.top.retention import views

app_name = "retention"

urlpatterns = [path("retencja/", views.retention, name="rules")]
