"""FilterSets of people and their affiliations, and the people search."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.filters.common import OrganisationChildFilter
from contacts.models import Affiliation, Person
from crm.filters import ChangedSinceFilterSet, IdFilter, IdListFilter
from crm.tags.filters import tag_filter
from crm.text import fold, fold_expression


class AffiliationFilter(OrganisationChildFilter):
    person = IdFilter(field_name="person_id", label=_("person"))
    current = django_filters.BooleanFilter(
        method="filter_current", label=_("current"), help_text=_("Not ended (true) or ended.")
    )
    is_primary = django_filters.BooleanFilter(label=_("primary contact"))
    ordering = django_filters.OrderingFilter(
        fields=(("started_on", "started_on"), ("ended_on", "ended_on"), ("id", "id"))
    )

    class Meta:
        model = Affiliation
        fields: list[str] = []

    def filter_current(
        self, queryset: QuerySet[Affiliation], name: str, value: bool | None
    ) -> QuerySet[Affiliation]:
        if value is None:
            return queryset
        today = timezone.localdate()
        condition = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class PersonFilter(ChangedSinceFilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("search"),
        help_text=_("First or last name, or e-mail."),
    )
    organisation = IdFilter(
        field_name="affiliations__organisation", label=_("organisation"), distinct=True
    )
    restricted = django_filters.BooleanFilter(label=_("processing restricted"))
    legal_basis = django_filters.ChoiceFilter(
        choices=Person.LegalBasis.choices, label=_("legal basis")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("last_name", "last_name"),
            ("first_name", "first_name"),
            ("updated_at", "updated_at"),
            ("id", "id"),
        )
    )

    id = IdListFilter()
    tag = tag_filter()

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return person_search(queryset, value)


def person_search(queryset: QuerySet[Person], query: str) -> QuerySet[Person]:
    """People with every word of ``query`` in their first or last name ("Anna Łukaszuk" finds
    only her), without regard to case or Polish letters ("lukaszuk", "ŁUKASZUK"), as
    organisations; or whose e-mail contains it. On PostgreSQL each condition is answered by a
    trigram index on the very same expression (contacts migration 0021)."""
    query = (query or "").strip()
    if not query:
        return queryset
    queryset = queryset.annotate(
        folded_first=fold_expression("first_name"), folded_last=fold_expression("last_name")
    )
    names = Q()
    for word in fold(query).split():
        names &= Q(folded_last__contains=word) | Q(folded_first__contains=word)
    return queryset.filter(names | Q(email__icontains=query))
