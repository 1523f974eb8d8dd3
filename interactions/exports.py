"""The interactions lists offered for export (registered in ``InteractionsConfig.ready``): the
contact log, follow-ups (tasks), events and an event's participants."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Person
from crm.access import has_capability, scope
from crm.exports import tables
from crm.exports.registry import ExportSpec, filtered, register_export
from crm.exports.tables import Column, field
from interactions import selectors
from interactions.filters import EventFilter, InteractionFilter, ParticipationFilter
from interactions.models import Event, FollowUp, Interaction, Participation

# The contact log reaches back this far, as its page does.
LOG_DAYS = 365 * 10


def _places(user: Any) -> QuerySet[Organisation]:
    return scope(Organisation.objects.all(), user).select_related(
        "gmina__powiat", "gmina__subregion"
    )


def _interactions(user: Any, filters: dict[str, Any]) -> QuerySet[Interaction]:
    filters = dict(filters)
    if filters.get("staff") == "me":  # the page's "my contacts"
        filters["staff"] = user.pk
    if not has_capability(user, "personal_data.view"):
        filters.pop("person", None)  # as on the page: whom a contact was with is personal
    rows = filtered(InteractionFilter, filters, selectors.contact_log(user=user, days=LOG_DAYS))
    return rows.prefetch_related(
        Prefetch("organisations", queryset=_places(user), to_attr="places"),
        Prefetch(
            "people",
            queryset=scope(Person.objects.all(), user).order_by("last_name", "first_name"),
            to_attr="persons",
        ),
    )


def _when(row: Interaction) -> Any:
    moment = tables.local_time(row.occurred_at)
    return moment if row.has_time or moment is None else moment.date()


def _interaction_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    i = Interaction
    return [
        Column(_("ID"), lambda row: row.pk),
        Column(i._meta.get_field("occurred_at").verbose_name, _when),
        field(i, "kind"),
        field(i, "subject"),
        Column(_("organisations"), lambda row: tables.joined(row.places)),
        *tables.territories(lambda row: [o.gmina for o in row.places]),
        Column(_("people"), lambda row: tables.joined(row.persons), personal=True),
        Column(_("topics"), lambda row: tables.joined(t.name_pl for t in row.topics.all())),
        Column(_("staff"), lambda row: tables.joined(row.staff.all())),
        field(i, "duration_minutes"),
        field(i, "outcome", personal=True),
        field(i, "notes", personal=True),
    ]


def _follow_ups(user: Any, filters: dict[str, Any]) -> QuerySet[FollowUp]:
    who = str(filters.get("who") or "mine")
    return selectors.follow_ups_listed(user=user, who=who).select_related(
        "organisation__gmina__powiat", "organisation__gmina__subregion"
    )


def _follow_up_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    f = FollowUp
    return [
        field(f, "title"),
        field(f, "due_on"),
        field(f, "status"),
        field(f, "assignee"),
        field(f, "created_by", header=_("given by")),
        field(f, "organisation"),
        *tables.territory("organisation__gmina"),
        Column(_("contact"), lambda row: row.interaction.subject if row.interaction else ""),
        field(f, "event"),
        field(f, "notes", personal=True),
        field(f, "done_at"),
    ]


def _events(user: Any, filters: dict[str, Any]) -> QuerySet[Event]:
    rows = filtered(EventFilter, filters, selectors.events_with_counts(user=user))
    return rows.select_related("gmina__powiat", "gmina__subregion", "organiser")


def _event_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    e = Event
    return [
        Column(_("ID"), lambda row: row.pk),
        field(e, "title"),
        field(e, "kind"),
        field(e, "starts_on"),
        field(e, "ends_on"),
        *tables.territory("gmina"),
        field(e, "address"),
        field(e, "organiser"),
        Column(_("participants"), lambda row: row.participants),
        Column(_("present"), lambda row: row.attended),
        Column(_("absent"), lambda row: row.no_show),
        field(e, "description"),
    ]


def _participants(user: Any, filters: dict[str, Any]) -> QuerySet[Participation]:
    rows = filtered(ParticipationFilter, filters, scope(Participation.objects.all(), user))
    return rows.select_related(
        "event", "person", "organisation__gmina__powiat", "organisation__gmina__subregion"
    ).order_by("event__starts_on", "organisation__name", "person__last_name", "id")


def _participant_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    p = Participation
    return [
        field(p, "event"),
        field(Event, "starts_on", path="event"),
        field(Person, "last_name", path="person", personal=True),
        field(Person, "first_name", path="person", personal=True),
        field(Person, "email", path="person", personal=True),
        Column(
            Person._meta.get_field("phone").verbose_name,
            lambda row: tables.phones([row.person.phone] if row.person_id else []),
            personal=True,
        ),
        field(p, "organisation"),
        Column(
            _("NIP"), lambda row: tables.nip(row.organisation.nip) if row.organisation_id else ""
        ),
        *tables.territory("organisation__gmina"),
        field(p, "status"),
        field(p, "notes", personal=True),
    ]


def register() -> None:
    register_export(
        "interactions",
        # Viewers export the log too, without its personal columns (people, outcome, notes).
        ExportSpec(_interactions, _interaction_columns, _("contacts"), people="people"),
    )
    register_export(
        "follow_ups", ExportSpec(_follow_ups, _follow_up_columns, _("tasks"), personal=True)
    )
    register_export("events", ExportSpec(_events, _event_columns, _("events")))
    register_export(
        "participants",
        ExportSpec(
            _participants, _participant_columns, _("participants"), personal=True, people="person"
        ),
    )
