"""Pages of background exports (wired in config/urls.py)."""

from django.urls import path

from crm.exports import views

urlpatterns = [
    path("eksporty/<int:pk>/", views.export_job, name="export_job"),
    path("eksporty/<int:pk>/postep/", views.export_job_progress, name="export_job_progress"),
    path("eksporty/<int:pk>/plik/", views.export_job_download, name="export_job_download"),
]
