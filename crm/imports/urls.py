"""HTML pages of this app (wired in config/urls.py)."""

from django.urls import path

from crm.imports import views

app_name = "imports"

urlpatterns: list = [
    path("<int:batch_id>/progress/", views.progress, name="progress"),
]
