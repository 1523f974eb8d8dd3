"""The organisation FilterSet, its search and the lists' order.

``?search=`` folds the query the way ``Organisation.search_name`` is folded (no case,
diacritics or quotes), so "spoldzielnia zubrowe" finds "Spółdzielnia „Żubrowe Smaki”", and
reads digits as a NIP / REGON / KRS in any spelling ("PL 123-456-78-90", KRS without zeros).
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Collate, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.filters.statuses import statutory_status_active_on
from contacts.models import LegalForm, Organisation, OrganisationKind, Sector, sector_of
from crm.filters import ChangedSinceFilterSet, IdListFilter, start_of_day
from crm.tags.filters import tag_filter
from crm.territory.models import Gmina, Powiat, Subregion
from crm.text import POLISH, fold

_NON_DIGIT = re.compile(r"\D")
# A query is read as an identifier only when it is mostly digits (not "CIS 2").
_IDENTIFIER_LIKE = re.compile(r"^\s*(PL)?[\d\s\-./]+$", re.IGNORECASE)


def identifier_condition(query: str) -> Q | None:
    """NIP / REGON / KRS equal to the digits of ``query``, or None if it is not a number."""
    if not _IDENTIFIER_LIKE.match(query):
        return None
    digits = _NON_DIGIT.sub("", query)
    if not digits:
        return None
    condition = Q(nip=digits) | Q(regon=digits)
    if len(digits) <= 10:
        condition |= Q(krs=digits.zfill(10))
    return condition


def organisation_search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Organisations whose folded name has every word of ``query``, whose town contains it,
    or whose NIP / REGON / KRS it is."""
    query = (query or "").strip()
    if not query:
        return queryset
    town = fold(query)
    # The folded town holds the query: "bialystok" finds "Białystok" (trigram index on PG).
    condition = Q(search_town__contains=town) if town else Q(pk__in=[])
    # Every word in the folded name, in any order: "spoldzielnia zubrowe" finds
    # "Spółdzielnia Socjalna „Żubrowe Smaki”"; each LIKE can use the trigram index.
    words = fold(query).split()
    if words:
        name = Q()
        for word in words:
            name &= Q(search_name__contains=word)
        condition |= name
    identifiers = identifier_condition(query)
    if identifiers is not None:
        condition |= identifiers
    return queryset.filter(condition)


def by_name(queryset: QuerySet[Organisation], *, searching: bool) -> QuerySet[Organisation]:
    """The lists' order: by name in Polish order (its column's collation), then id.

    For a search the rows are sorted by an expression of the name, the same order, so that
    PostgreSQL cannot take it from the name index: walking that index it would read names
    from "a" onwards and throw away every one that does not match until a page is full (96,000
    rows for "zaklad", whose matches all sort under "z"). Sorting the matches the trigram
    indexes find costs what the matches cost, whatever the table holds.
    """
    if searching:
        # An expression has no column collation (SQLite): the Polish one is named.
        return queryset.order_by(Collate(Concat("name", Value("")), POLISH), "id")
    return queryset.order_by("name", "id")


def active_on_condition(day: datetime.date, prefix: str = "") -> Q:
    """An organisation (reached through ``prefix``) active on ``day``: founded, not closed."""
    return (Q(**{f"{prefix}founded_on__isnull": True}) | Q(**{f"{prefix}founded_on__lte": day})) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


class OrganisationFilter(ChangedSinceFilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("search"),
        help_text=_("Name (any case, with or without Polish letters), NIP, REGON, KRS or town."),
    )
    # Columns of the row itself: no join, so no DISTINCT (its default sorts every column).
    kind = django_filters.MultipleChoiceFilter(
        choices=OrganisationKind.choices, label=_("kind"), distinct=False
    )
    legal_form = django_filters.MultipleChoiceFilter(
        choices=LegalForm.choices, label=_("legal form"), distinct=False
    )
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, method="filter_sector", label=_("sector")
    )
    subregion = django_filters.ModelChoiceFilter(
        field_name="gmina__subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion"),
        help_text=_("Subregion slug, e.g. bielski."),
    )
    powiat = django_filters.ModelChoiceFilter(
        field_name="gmina__powiat",
        to_field_name="code",
        queryset=Powiat.objects.all(),
        label=_("powiat"),
        help_text=_("Powiat TERC code (4 digits)."),
    )
    gmina = django_filters.ModelChoiceFilter(
        field_name="gmina",
        to_field_name="code",
        queryset=Gmina.objects.all(),
        label=_("gmina"),
        help_text=_("Gmina TERC code (7 digits)."),
    )
    ps_status = django_filters.BooleanFilter(
        method="filter_ps_status",
        label=_("PS status"),
        help_text=_("Holds (true) or does not hold (false) a statutory PS status today."),
    )
    active = django_filters.BooleanFilter(
        method="filter_active",
        label=_("active"),
        help_text=_("Founded and not closed today (true), or closed (false)."),
    )
    created_since = django_filters.DateFilter(
        method="filter_created_since", label=_("created since")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("town", "town"),
            ("kind", "kind"),
            ("created_at", "created_at"),
            ("updated_at", "updated_at"),
            ("id", "id"),
        ),
        label=_("ordering"),
    )

    id = IdListFilter()
    tag = tag_filter()

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_search(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        # The ordering filter below replaces this order when ``?ordering=`` is given.
        return by_name(organisation_search(queryset, value), searching=bool(value.strip()))

    def filter_sector(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        if not value:
            return queryset
        kinds = [kind for kind in OrganisationKind.values if sector_of(kind) == value]
        return queryset.filter(kind__in=kinds)

    def filter_ps_status(
        self, queryset: QuerySet[Organisation], name: str, value: bool | None
    ) -> QuerySet[Organisation]:
        if value is None:
            return queryset
        holds = statutory_status_active_on(timezone.localdate())
        return queryset.filter(holds if value else ~holds)

    def filter_active(
        self, queryset: QuerySet[Organisation], name: str, value: bool | None
    ) -> QuerySet[Organisation]:
        if value is None:
            return queryset
        condition = active_on_condition(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_created_since(
        self, queryset: QuerySet[Organisation], name: str, value: datetime.date | None
    ) -> QuerySet[Organisation]:
        return queryset if value is None else queryset.filter(created_at__gte=start_of_day(value))
