"""The forms of every list page (wired in config/urls.py)."""

from django.urls import path

from crm.lists import views

app_name = "lists"

urlpatterns = [
    path("listy/<slug:key>/ustawienia/", views.list_settings, name="list_settings"),
    path("listy/<slug:key>/widoki/", views.saved_view_create, name="saved_view_create"),
    path("listy/widoki/<int:pk>/usun/", views.saved_view_delete, name="saved_view_delete"),
]
