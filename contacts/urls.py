"""HTML pages of this app (wired in config/urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
