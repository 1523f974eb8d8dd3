"""HTML pages of the contact log, tasks and events (wired in config/urls.py)."""

from django.urls import path

from crm.exports.views import export_view
from interactions import (
    calendar_views,
    contact_views,
    digest_views,
    event_pages,
    event_views,
    participant_views,
    task_views,
    views,
)

app_name = "interactions"

urlpatterns = [
    path("kontakty/", views.interaction_list, name="interaction_list"),
    path("kontakty/eksport/", export_view("interactions"), name="interaction_export"),
    path("kontakty/nowy/", views.interaction_create, name="interaction_create"),
    path("kontakty/<int:pk>/", contact_views.interaction_detail, name="interaction_detail"),
    path("kontakty/<int:pk>/edycja/", contact_views.interaction_edit, name="interaction_edit"),
    path("kontakty/<int:pk>/usun/", contact_views.interaction_delete, name="interaction_delete"),
    path("zadania/", task_views.followup_list, name="followup_list"),
    path("zadania/eksport/", export_view("follow_ups"), name="followup_export"),
    path("zadania/nowe/", task_views.followup_create, name="followup_create"),
    path(
        "zadania/nieudane-przypomnienia/",
        digest_views.failed_digest_list,
        name="failed_digest_list",
    ),
    path("zadania/<int:pk>/", task_views.followup_edit, name="followup_edit"),
    path("zadania/<int:pk>/usun/", task_views.followup_delete, name="followup_delete"),
    path("zadania/<int:pk>/wykonane/", task_views.followup_done, name="followup_done"),
    path("zadania/<int:pk>/odloz/", task_views.followup_postpone, name="followup_postpone"),
    path("wydarzenia/", event_pages.event_list, name="event_list"),
    path("wydarzenia/eksport/", export_view("events"), name="event_export"),
    path(
        "wydarzenia/<int:pk>/uczestnicy/eksport/",
        export_view("participants", pk_filter="event"),
        name="participant_export",
    ),
    path("wydarzenia/<int:pk>/kalendarz.ics", calendar_views.event_ics, name="event_ics"),
    path("konto/kalendarz/", calendar_views.calendar_settings, name="calendar_settings"),
    path("kalendarz/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("wydarzenia/nowe/", event_views.event_create, name="event_create"),
    path("wydarzenia/<int:pk>/", event_pages.event_detail, name="event_detail"),
    path("wydarzenia/<int:pk>/usun/", event_views.event_delete, name="event_delete"),
    path("wydarzenia/<int:pk>/rejestracja/", event_pages.event_register, name="event_register"),
    path("wydarzenia/<int:pk>/edycja/", event_views.event_edit, name="event_edit"),
    path(
        "wydarzenia/<int:pk>/rejestracja-osoby/",
        event_views.event_register_person,
        name="event_register_person",
    ),
    path("wydarzenia/<int:pk>/obecnosc/", participant_views.event_mark, name="event_mark_attended"),
    path(
        "wydarzenia/<int:pk>/rejestracja-organizacji/",
        participant_views.event_register_organisations,
        name="event_register_organisations",
    ),
    path(
        "wydarzenia/rejestracja-organizacji/",
        participant_views.events_for_organisations,
        name="events_for_organisations",
    ),
    path(
        "uczestnictwa/<int:pk>/usun/",
        participant_views.participation_delete,
        name="participation_delete",
    ),
    path(
        "wydarzenia/<int:pk>/lista-obecnosci/",
        event_pages.event_attendance_print,
        name="event_attendance_print",
    ),
]
