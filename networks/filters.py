"""FilterSets for networks, memberships and partnerships (pages and API share them)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.filters import ChangedSinceFilterSet, IdFilter
from crm.tags.filters import tag_filter
from crm.territory.models import Subregion
from crm.text import every_word_in
from networks.models import (
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    Partnership,
    PartnershipKind,
    PartnershipParty,
    PartnershipStatus,
)
from networks.selectors import active_on


def network_search(queryset: QuerySet[Network], query: str) -> QuerySet[Network]:
    """Networks with every word of ``query`` in their name, or in their short name, without
    regard to case or Polish letters ("siec lomzynsk" finds "Sieć PES Subregionu
    Łomżyńskiego"). A few dozen rows: no index needed."""
    return every_word_in(queryset, query, "name", "short_name")


def partnership_search(queryset: QuerySet[Partnership], query: str) -> QuerySet[Partnership]:
    """Partnerships with every word of ``query`` in their title, without regard to case or
    Polish letters; on PostgreSQL a trigram index on the same folded expression answers each
    word (networks migration 0006)."""
    return every_word_in(queryset, query, "title")


class NetworkFilter(ChangedSinceFilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("search"))
    kind = django_filters.MultipleChoiceFilter(
        choices=NetworkKind.choices, label=_("kind"), distinct=False
    )
    subregion = django_filters.ModelChoiceFilter(
        field_name="subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion"),
    )
    coordinator = IdFilter(field_name="coordinator_id", label=_("coordinator"))
    active = django_filters.BooleanFilter(
        method="filter_active", label=_("active"), help_text=_("Not closed today.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("founded_on", "founded_on"), ("id", "id"))
    )

    class Meta:
        model = Network
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Network], name: str, value: str
    ) -> QuerySet[Network]:
        return network_search(queryset, value)

    def filter_active(
        self, queryset: QuerySet[Network], name: str, value: bool | None
    ) -> QuerySet[Network]:
        if value is None:
            return queryset
        condition = Q(closed_on__isnull=True) | Q(closed_on__gt=timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class MembershipFilter(ChangedSinceFilterSet):
    network = IdFilter(field_name="network_id", label=_("network"))
    organisation = IdFilter(field_name="organisation_id", label=_("organisation"))
    subregion = django_filters.ModelChoiceFilter(
        field_name="organisation__gmina__subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion of the member"),
    )
    role = django_filters.MultipleChoiceFilter(
        choices=MembershipRole.choices, label=_("role"), distinct=False
    )
    active_on = django_filters.DateFilter(
        method="filter_active_on",
        label=_("member on"),
        help_text=_("Periods covering this day (left_on is the first day outside)."),
    )
    current = django_filters.BooleanFilter(
        method="filter_current", label=_("current"), help_text=_("Members today (true) or not.")
    )
    joined_from = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte")
    joined_to = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte")
    left_from = django_filters.DateFilter(field_name="left_on", lookup_expr="gte")
    left_to = django_filters.DateFilter(field_name="left_on", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(
        fields=(("joined_on", "joined_on"), ("left_on", "left_on"), ("id", "id"))
    )

    class Meta:
        model = Membership
        fields: list[str] = []

    def filter_active_on(
        self, queryset: QuerySet[Membership], name: str, value: datetime.date | None
    ) -> QuerySet[Membership]:
        return queryset if value is None else queryset.filter(active_on(value))

    def filter_current(
        self, queryset: QuerySet[Membership], name: str, value: bool | None
    ) -> QuerySet[Membership]:
        if value is None:
            return queryset
        condition = active_on(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class PartnershipFilter(ChangedSinceFilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("title"))
    kind = django_filters.MultipleChoiceFilter(
        choices=PartnershipKind.choices, label=_("kind"), distinct=False
    )
    status = django_filters.ChoiceFilter(
        choices=PartnershipStatus.choices,
        method="filter_status",
        label=_("status"),
        help_text=_("Planned, in force or ended, as of today."),
    )
    organisation = IdFilter(method="filter_organisation", label=_("party organisation"))
    subregion = django_filters.ModelChoiceFilter(
        method="filter_subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion of a party"),
    )
    starts_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_to = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(
        fields=(("starts_on", "starts_on"), ("ends_on", "ends_on"), ("id", "id"))
    )

    tag = tag_filter()

    class Meta:
        model = Partnership
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Partnership], name: str, value: str
    ) -> QuerySet[Partnership]:
        return partnership_search(queryset, value)

    def filter_status(
        self, queryset: QuerySet[Partnership], name: str, value: str
    ) -> QuerySet[Partnership]:
        if not value:
            return queryset
        today = timezone.localdate()
        if value == PartnershipStatus.PLANNED:
            return queryset.filter(starts_on__gt=today)
        if value == PartnershipStatus.ENDED:
            return queryset.filter(starts_on__lte=today, ends_on__lt=today)
        return queryset.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def _with_party(self, queryset: QuerySet[Partnership], **party: Any) -> QuerySet[Partnership]:
        parties = PartnershipParty.objects.filter(partnership=OuterRef("pk"), **party)
        return queryset.filter(Exists(parties))

    def filter_organisation(
        self, queryset: QuerySet[Partnership], name: str, value: Any
    ) -> QuerySet[Partnership]:
        return queryset if value is None else self._with_party(queryset, organisation_id=value)

    def filter_subregion(
        self, queryset: QuerySet[Partnership], name: str, value: Subregion | None
    ) -> QuerySet[Partnership]:
        if value is None:
            return queryset
        return self._with_party(queryset, organisation__gmina__subregion=value)
