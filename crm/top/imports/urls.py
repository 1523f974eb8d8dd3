"""The import wizard's pages, mounted at /import/ in config/urls.py."""

from django.urls import path

from crm.top.imports import flag_views, views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("nowy/", views.upload, name="upload"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/mapowanie/", views.mapping, name="mapping"),
    path("<int:pk>/zatwierdz/", views.confirm, name="confirm"),
    path("<int:pk>/cofnij/", views.revert, name="revert"),
    path("<int:pk>/wznow/", views.resume, name="resume"),
    path("<int:pk>/raport/", views.report, name="report"),
    path("<int:pk>/decyzja/<int:flag_id>/", flag_views.decide, name="decide"),
    path("<int:batch_id>/progress/", views.progress, name="progress"),
]
