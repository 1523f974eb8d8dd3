"""Tag pages (wired in config/urls.py)."""

from django.urls import path

from crm.tags import views

app_name = "tags"

urlpatterns = [
    path("tagi/", views.tag_list, name="tag_list"),
    path("tagi/<int:pk>/nazwa/", views.tag_rename, name="tag_rename"),
    path("tagi/<int:pk>/scal/", views.tag_merge, name="tag_merge"),
    path("tagi/<int:pk>/usun/", views.tag_delete, name="tag_delete"),
    path("tagi/rekord/<str:label>/<int:pk>/", views.record_tags, name="record_tags"),
]
