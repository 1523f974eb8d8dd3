"""What networks adds to the contacts pages: the organisation list's "member of a network"
filter and the organisation page's networks and partnerships sections (registered in
``NetworksConfig.ready``; contacts never imports networks)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.extensions import (
    OrganisationListFilter,
    OrganisationSection,
    register_organisation_filter,
    register_organisation_section,
)
from crm import access
from crm.filters import IdFilter
from networks import selectors
from networks.models import Membership, Network


def _members(queryset: QuerySet[Any], network: int | None, day: datetime.date | None) -> Any:
    """Organisations of ``queryset`` that were members (of ``network``, or of any) on ``day``."""
    day = day or timezone.localdate()
    memberships = Membership.objects.filter(joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )
    if network is not None:
        memberships = memberships.filter(network_id=network)
    return queryset.filter(pk__in=memberships.values("organisation_id"))


class NetworkMembersFilter(IdFilter):
    """``?network=<id>``: members of that network today, or on ``member_on``."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        day = self.parent.form.cleaned_data.get("member_on")
        return _members(qs, int(value), day)


class MemberOnFilter(django_filters.DateFilter):
    """``?member_on=<date>``: with ``network`` the date of membership; alone, members of any
    network on that date."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None or self.parent.form.cleaned_data.get("network") is not None:
            return qs
        return _members(qs, None, value)


def _network_choices(user: Any) -> list[tuple[str, str]]:
    networks = access.scope(Network.objects.order_by("name"), user).only("pk", "name")
    return [(str(n.pk), n.name) for n in networks]


def _networks_section(user: Any, organisation: Any) -> dict[str, Any]:
    return {
        "memberships": list(
            selectors.organisation_memberships(user=user, organisation=organisation)
        )
    }


def _partnerships_section(user: Any, organisation: Any) -> dict[str, Any]:
    return {
        "partnerships": list(
            selectors.organisation_partnerships(user=user, organisation=organisation)
        )
    }


def register() -> None:
    register_organisation_filter(
        OrganisationListFilter(
            name="network",
            label=_("Network"),
            filter=NetworkMembersFilter(
                label=_("network"),
                help_text=_("Network id: members of that network (today, or on member_on)."),
            ),
            choices=_network_choices,
        )
    )
    register_organisation_filter(
        OrganisationListFilter(
            name="member_on",
            label=_("Member on"),
            filter=MemberOnFilter(
                label=_("member on"),
                help_text=_(
                    "With network: members on this date; alone: members of any network then."
                ),
            ),
        )
    )
    register_organisation_section(
        OrganisationSection("networks", "networks/_organisation_networks.html", _networks_section)
    )
    register_organisation_section(
        OrganisationSection(
            "partnerships", "networks/_organisation_partnerships.html", _partnerships_section
        )
    )
