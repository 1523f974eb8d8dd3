"""FilterSets for organisations and people: the list pages and the API share them.

``?search=`` folds the query the way ``Organisation.search_name`` is folded (no case,
diacritics or quotes), so "spoldzielnia zubrowe" finds "Spółdzielnia „Żubrowe Smaki”", and
reads digits as a NIP / REGON / KRS in any spelling ("PL 123-456-78-90", KRS without zeros).
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Collate, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    LegalForm,
    LinkKind,
    Organisation,
    OrganisationKind,
    OrganisationLink,
    OwesAccreditation,
    Person,
    Sector,
    SocialEnterpriseStatus,
    sector_of,
)
from contacts.models.owes import valid_on_condition
from crm.filters import ChangedSinceFilterSet, IdFilter, IdListFilter, start_of_day
from crm.tags.filters import tag_filter
from crm.territory.models import Gmina, Powiat, Subregion
from crm.text import POLISH, fold, fold_expression

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


def statutory_status_held_on(day: datetime.date) -> Q:
    """A status (row of SocialEnterpriseStatus) that is statutory and held on ``day``."""
    return Q(kind=SocialEnterpriseStatus.Kind.STATUTORY, granted_on__lte=day) & (
        Q(lost_on__isnull=True) | Q(lost_on__gt=day)  # lost that day: not held
    )


def statutory_status_active_on(day: datetime.date) -> Exists:
    """The organisation holds a statutory PS status on ``day``."""
    return Exists(
        SocialEnterpriseStatus.objects.filter(organisation=OuterRef("pk")).filter(
            statutory_status_held_on(day)
        )
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


class OrganisationChildFilter(ChangedSinceFilterSet):
    """Shared by rows that belong to one organisation (PS statuses, employment, affiliations)."""

    organisation = IdFilter(field_name="organisation_id", label=_("organisation"))
    subregion = django_filters.ModelChoiceFilter(
        field_name="organisation__gmina__subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion"),
    )


class SocialEnterpriseStatusFilter(OrganisationChildFilter):
    kind = django_filters.ChoiceFilter(choices=SocialEnterpriseStatus.Kind.choices, label=_("kind"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("active on"))
    ordering = django_filters.OrderingFilter(
        fields=(("granted_on", "granted_on"), ("lost_on", "lost_on"), ("id", "id"))
    )

    class Meta:
        model = SocialEnterpriseStatus
        fields: list[str] = []

    def filter_active_on(
        self, queryset: QuerySet[SocialEnterpriseStatus], name: str, value: datetime.date | None
    ) -> QuerySet[SocialEnterpriseStatus]:
        if value is None:
            return queryset
        queryset = queryset.filter(granted_on__lte=value).filter(
            Q(lost_on__isnull=True) | Q(lost_on__gt=value)
        )
        if value > SocialEnterpriseStatus.LEGACY_EXPIRY:
            queryset = queryset.exclude(kind=SocialEnterpriseStatus.Kind.LEGACY)
        return queryset


class OwesAccreditationFilter(OrganisationChildFilter):
    """By the OWES, the subregions it serves (``?serves=``) and the day it is valid on."""

    serves = django_filters.ModelChoiceFilter(
        field_name="subregions",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion served"),
    )
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("valid on"))

    class Meta:
        model = OwesAccreditation
        fields: list[str] = []

    def filter_valid_on(
        self, queryset: QuerySet[OwesAccreditation], name: str, value: datetime.date | None
    ) -> QuerySet[OwesAccreditation]:
        return queryset if value is None else queryset.filter(valid_on_condition(value))


class OrganisationLinkFilter(ChangedSinceFilterSet):
    """``?organisation=``: the ties of that organisation, either way; kind; active on a day."""

    organisation = IdFilter(method="filter_organisation", label=_("organisation (either side)"))
    kind = django_filters.ChoiceFilter(choices=LinkKind.choices, label=_("kind of tie"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("active on"))

    class Meta:
        model = OrganisationLink
        fields: list[str] = []

    def filter_organisation(
        self, queryset: QuerySet[OrganisationLink], name: str, value: int | None
    ) -> QuerySet[OrganisationLink]:
        return (
            queryset if value is None else queryset.filter(Q(organisation=value) | Q(other=value))
        )

    def filter_active_on(
        self, queryset: QuerySet[OrganisationLink], name: str, value: datetime.date | None
    ) -> QuerySet[OrganisationLink]:
        if value is None:
            return queryset
        return queryset.filter(Q(started_on__isnull=True) | Q(started_on__lte=value)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=value)
        )


class EmploymentSnapshotFilter(OrganisationChildFilter):
    as_of_from = django_filters.DateFilter(field_name="as_of", lookup_expr="gte", label=_("from"))
    as_of_to = django_filters.DateFilter(field_name="as_of", lookup_expr="lte", label=_("to"))
    ordering = django_filters.OrderingFilter(
        fields=(("as_of", "as_of"), ("employees", "employees"), ("id", "id"))
    )

    class Meta:
        model = EmploymentSnapshot
        fields: list[str] = []


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
