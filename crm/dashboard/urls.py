"""crm's top-floor pages besides the dashboard: exports and the territory."""

from django.urls import path

from crm.dashboard import exports, territory

urlpatterns = [
    path("organizacje/eksport/", exports.organisation_export, name="organisation_export"),
    path("teren/", territory.territory, name="territory"),
    path("teren/gminy/<int:pk>/", territory.gmina_move, name="territory_gmina_move"),
]
