"""The REST API v1: one router; each app registers its viewsets in its ``api.py``."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = [
    path("", include(router.urls)),
]
