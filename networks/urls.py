"""HTML pages of networks and partnerships (wired in config/urls.py)."""

from django.urls import path

from crm.exports.views import export_view
from networks import delete_views, partnership_views, views

app_name = "networks"

urlpatterns = [
    path("sieci/", views.network_list, name="network_list"),
    path("sieci/<int:pk>/", views.network_detail, name="network_detail"),
    path("sieci/<int:pk>/usun/", delete_views.network_delete, name="network_delete"),
    path(
        "sieci/<int:pk>/czlonkowie/eksport/",
        export_view("memberships", pk_filter="network"),
        name="membership_export",
    ),
    path("sieci/<int:pk>/nowy-czlonek/", views.membership_add, name="membership_add"),
    path("czlonkostwa/<int:pk>/zakoncz/", views.membership_end, name="membership_end"),
    path("czlonkostwa/<int:pk>/usun/", delete_views.membership_delete, name="membership_delete"),
    path("partnerstwa/", views.partnership_list, name="partnership_list"),
    path("partnerstwa/eksport/", export_view("partnerships"), name="partnership_export"),
    path("partnerstwa/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerstwa/nowe/", partnership_views.partnership_create, name="partnership_create"),
    path(
        "partnerstwa/<int:pk>/edycja/", partnership_views.partnership_edit, name="partnership_edit"
    ),
    path("partnerstwa/<int:pk>/nowa-strona/", partnership_views.party_add, name="party_add"),
    path("strony-partnerstw/<int:pk>/usun/", partnership_views.party_remove, name="party_remove"),
]
