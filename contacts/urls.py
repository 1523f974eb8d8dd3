"""HTML pages of organisations and people (wired in config/urls.py)."""

from django.urls import path

from contacts import views
from crm.exports.views import export_view

app_name = "contacts"

urlpatterns = [
    path("organizacje/", views.organisation_list, name="organisation_list"),
    path("organizacje/eksport/", export_view("organisations"), name="organisation_export"),
    path("organizacje/podpowiedzi/", views.organisation_suggest, name="organisation_suggest"),
    path("organizacje/nowa/", views.organisation_create, name="organisation_create"),
    path("organizacje/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organizacje/<int:pk>/edycja/", views.organisation_edit, name="organisation_edit"),
    path("organizacje/<int:pk>/usun/", views.organisation_delete, name="organisation_delete"),
    path("organizacje/<int:pk>/scal/", views.organisation_merge, name="organisation_merge"),
    path(
        "organizacje/<int:pk>/scal/<int:other>/",
        views.organisation_merge_confirm,
        name="organisation_merge_confirm",
    ),
    path(
        "organizacje/<int:pk>/scalenia/<int:merge>/cofnij/",
        views.organisation_merge_undo,
        name="organisation_merge_undo",
    ),
    path("organizacje/<int:pk>/nowa-osoba/", views.person_add, name="person_add"),
    path("organizacje/<int:pk>/status-ps/", views.ps_status_add, name="ps_status_add"),
    path("organizacje/<int:pk>/powiazanie/", views.organisation_link_add, name="link_add"),
    path(
        "organizacje/<int:pk>/akredytacja/",
        views.owes_accreditation_add,
        name="owes_accreditation_add",
    ),
    path("powiazania-osob/<int:pk>/usun/", views.affiliation_delete, name="affiliation_delete"),
    path("statusy-ps/<int:pk>/usun/", views.ps_status_delete, name="ps_status_delete"),
    path("zatrudnienie/<int:pk>/usun/", views.employment_delete, name="employment_delete"),
    path("osoby/", views.person_list, name="person_list"),
    path("osoby/eksport/", export_view("people"), name="person_list_export"),
    path("osoby/<int:pk>/", views.person_detail, name="person_detail"),
    path("osoby/<int:pk>/edycja/", views.person_edit, name="person_edit"),
    path("osoby/<int:pk>/usun/", views.person_delete, name="person_delete"),
    path("osoby/<int:pk>/scal/", views.person_merge, name="person_merge"),
    path(
        "osoby/<int:pk>/scal/<int:other>/",
        views.person_merge_confirm,
        name="person_merge_confirm",
    ),
    path(
        "osoby/<int:pk>/scalenia/<int:merge>/cofnij/",
        views.person_merge_undo,
        name="person_merge_undo",
    ),
    path("osoby/<int:pk>/rodo/", views.person_gdpr, name="person_gdpr"),
    path("osoby/<int:pk>/zgody/", views.person_consent_add, name="person_consent_add"),
    path("osoby/<int:pk>/ograniczenie/", views.person_restrict, name="person_restrict"),
    path("osoby/<int:pk>/eksport/", views.person_export, name="person_export"),
    path("osoby/<int:pk>/informacja/email/", views.person_notice_email, name="notice_email"),
    path("osoby/<int:pk>/informacja/", views.person_notice_record, name="notice_record"),
    path("osoby/<int:pk>/anonimizacja/", views.person_anonymise, name="person_anonymise"),
]
