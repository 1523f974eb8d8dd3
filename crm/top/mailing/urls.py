"""Pages of the e-mails to a selection (wired in config/urls.py)."""

from django.urls import path

from crm.top.mailing import views
from crm.top.mailing.models import Source

app_name = "mailing"

urlpatterns = [
    path("wiadomosci/", views.mailing_list, name="list"),
    path("wiadomosci/<int:pk>/", views.mailing_detail, name="detail"),
    path("wiadomosci/<int:pk>/postep/", views.mailing_progress, name="progress"),
    path("wiadomosci/<int:pk>/ponow/", views.mailing_resend, name="resend"),
    path(
        "wiadomosci/nowa/organizacje/",
        views.compose,
        {"source": Source.ORGANISATIONS},
        name="to_organisations",
    ),
    path("wiadomosci/nowa/osoby/", views.compose, {"source": Source.PEOPLE}, name="to_people"),
    path(
        "wiadomosci/nowa/siec/<int:pk>/",
        views.compose,
        {"source": Source.NETWORK},
        name="to_network",
    ),
    path(
        "wiadomosci/nowa/wydarzenie/<int:pk>/",
        views.compose,
        {"source": Source.EVENT},
        name="to_event",
    ),
    path("wypisz/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
