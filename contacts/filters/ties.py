"""FilterSets of an organisation's ties: to other organisations, and as an accredited OWES."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.filters.common import OrganisationChildFilter
from contacts.models import LinkKind, OrganisationLink, OwesAccreditation
from contacts.models.owes import valid_on_condition
from crm.filters import ChangedSinceFilterSet, IdFilter
from crm.territory.models import Subregion


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
