"""FilterSets for the contact log, events, participations and follow-ups (pages and API)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.filters import ChangedSinceFilterSet, IdFilter, start_of_day
from crm.tags.filters import tag_filter
from crm.territory.models import Gmina, Subregion
from crm.text import every_word_in
from interactions.models import (
    Event,
    EventKind,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    Participation,
    ParticipationStatus,
    Topic,
)


def choice_of_column(choices: Any, label: Any) -> django_filters.MultipleChoiceFilter:
    """``?status=a&status=b`` on a column of the row itself: no join, so no DISTINCT (the
    filter's default DISTINCT sorts every column of every matching row for one page)."""
    return django_filters.MultipleChoiceFilter(choices=choices, label=label, distinct=False)


class InteractionFilter(ChangedSinceFilterSet):
    search = django_filters.CharFilter(
        field_name="subject", lookup_expr="icontains", label=_("subject")
    )
    kind = choice_of_column(InteractionKind.choices, _("kind"))
    occurred_from = django_filters.DateFilter(method="filter_occurred_from", label=_("from (day)"))
    occurred_to = django_filters.DateFilter(method="filter_occurred_to", label=_("to (day)"))
    organisation = IdFilter(field_name="organisations", label=_("organisation"), distinct=True)
    person = IdFilter(field_name="people", label=_("person"), distinct=True)
    staff = IdFilter(field_name="staff", label=_("staff member"), distinct=True)
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        label=_("topic"),
        distinct=True,
    )
    subregion = django_filters.ModelChoiceFilter(
        field_name="organisations__gmina__subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion of an organisation"),
        distinct=True,
    )
    ordering = django_filters.OrderingFilter(fields=(("occurred_at", "occurred_at"), ("id", "id")))

    tag = tag_filter()

    class Meta:
        model = Interaction
        fields: list[str] = []

    def filter_occurred_from(
        self, queryset: QuerySet[Interaction], name: str, value: datetime.date | None
    ) -> QuerySet[Interaction]:
        return queryset if value is None else queryset.filter(occurred_at__gte=start_of_day(value))

    def filter_occurred_to(
        self, queryset: QuerySet[Interaction], name: str, value: datetime.date | None
    ) -> QuerySet[Interaction]:
        if value is None:
            return queryset
        return queryset.filter(occurred_at__lt=start_of_day(value + datetime.timedelta(days=1)))


def event_search(queryset: QuerySet[Event], query: str) -> QuerySet[Event]:
    """Events with every word of ``query`` in their title, without regard to case or Polish
    letters ("targi lomzy" finds "Targi Ekonomii Społecznej w Łomży"). On PostgreSQL a
    trigram index on the same folded expression answers each word (interactions migration
    0009)."""
    return every_word_in(queryset, query, "title")


class EventFilter(ChangedSinceFilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("title"))
    kind = choice_of_column(EventKind.choices, _("kind"))
    starts_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_to = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    gmina = django_filters.ModelChoiceFilter(
        field_name="gmina", to_field_name="code", queryset=Gmina.objects.all(), label=_("gmina")
    )
    subregion = django_filters.ModelChoiceFilter(
        field_name="gmina__subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion"),
    )
    organiser = IdFilter(field_name="organiser_id", label=_("organiser"))
    ordering = django_filters.OrderingFilter(
        fields=(("starts_on", "starts_on"), ("title", "title"), ("id", "id"))
    )

    tag = tag_filter()

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        return event_search(queryset, value)


class ParticipationFilter(ChangedSinceFilterSet):
    event = IdFilter(field_name="event_id", label=_("event"))
    person = IdFilter(field_name="person_id", label=_("person"))
    organisation = IdFilter(field_name="organisation_id", label=_("organisation"))
    status = choice_of_column(ParticipationStatus.choices, _("status"))
    ordering = django_filters.OrderingFilter(fields=(("id", "id"), ("status", "status")))

    class Meta:
        model = Participation
        fields: list[str] = []


class FollowUpFilter(ChangedSinceFilterSet):
    status = choice_of_column(FollowUpStatus.choices, _("status"))
    assignee = IdFilter(field_name="assignee_id", label=_("assignee"))
    given_by = IdFilter(
        field_name="created_by_id",
        label=_("given by"),
        help_text=_("Who gave the task (its author)."),
    )
    organisation = IdFilter(field_name="organisation_id", label=_("organisation"))
    interaction = IdFilter(field_name="interaction_id", label=_("interaction"))
    event = IdFilter(field_name="event_id", label=_("event"))
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("overdue"), help_text=_("Open and due before today.")
    )
    ordering = django_filters.OrderingFilter(fields=(("due_on", "due_on"), ("id", "id")))

    class Meta:
        model = FollowUp
        fields: list[str] = []

    def filter_overdue(
        self, queryset: QuerySet[FollowUp], name: str, value: bool | None
    ) -> QuerySet[FollowUp]:
        if value is None:
            return queryset
        condition = Q(status=FollowUpStatus.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
