"""The application's URLs plus ``/bench/floor/<name>/`` (only under ``benchmarks.settings``)."""

from django.urls import path

from benchmarks.floors import floor_view
from config.urls import handler404
from config.urls import urlpatterns as application_urls

urlpatterns = [path("bench/floor/<slug:name>/", floor_view), *application_urls]

__all__ = ["handler404", "urlpatterns"]
