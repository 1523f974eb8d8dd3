"""The bulk-action page of the lists (wired in config/urls.py)."""

from django.urls import path

from crm.top.selection import views

app_name = "selection"

urlpatterns = [path("zaznaczone/<str:kind>/", views.selection, name="selection")]
