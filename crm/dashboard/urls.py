"""crm's top-floor pages besides the dashboard: the territory (mounted in config/urls.py)."""

from django.urls import path

from crm.dashboard import territory

urlpatterns = [
    path("teren/", territory.territory, name="territory"),
    path("teren/gminy/<int:pk>/", territory.gmina_move, name="territory_gmina_move"),
]
