"""Pages of the documents panel (wired in config/urls.py)."""

from django.urls import path

from crm.documents import views

urlpatterns = [
    path(
        "dokumenty/dodaj/<int:content_type>/<int:object_id>/",
        views.document_upload,
        name="document_upload",
    ),
    path("dokumenty/<int:pk>/plik/", views.document_download, name="document_download"),
    path("dokumenty/<int:pk>/usun/", views.document_remove, name="document_remove"),
]
