"""FilterSets of PS statuses and employment records, and the "holds a statutory PS status on
a day" conditions the organisation list and the dashboard share."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.filters.common import OrganisationChildFilter
from contacts.models import EmploymentSnapshot, SocialEnterpriseStatus


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


class EmploymentSnapshotFilter(OrganisationChildFilter):
    as_of_from = django_filters.DateFilter(field_name="as_of", lookup_expr="gte", label=_("from"))
    as_of_to = django_filters.DateFilter(field_name="as_of", lookup_expr="lte", label=_("to"))
    ordering = django_filters.OrderingFilter(
        fields=(("as_of", "as_of"), ("employees", "employees"), ("id", "id"))
    )

    class Meta:
        model = EmploymentSnapshot
        fields: list[str] = []
