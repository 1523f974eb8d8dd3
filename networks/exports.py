"""The networks lists offered for export (registered in ``NetworksConfig.ready``): a network's
memberships, partnerships, and the membership columns of the organisation export when it is
filtered by a network."""

from __future__ import annotations

from typing import Any

from django.db.models import DateField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from contacts.exports import OrganisationColumns, register_organisation_columns
from contacts.models import Organisation
from crm.access import scope
from crm.exports import tables
from crm.exports.registry import ExportSpec, filtered, register_export
from crm.exports.tables import Column, field
from networks.filters import MembershipFilter, PartnershipFilter
from networks.models import (
    Membership,
    MembershipRole,
    Partnership,
    PartnershipParty,
    PartnershipStatus,
)
from networks.selectors import partnership_list

ROLES = dict(MembershipRole.choices)
STATUSES = dict(PartnershipStatus.choices)


def _memberships(user: Any, filters: dict[str, Any]) -> QuerySet[Membership]:
    rows = filtered(MembershipFilter, filters, scope(Membership.objects.all(), user))
    if not filters.get("ordering"):
        rows = rows.order_by("organisation__name", "organisation_id", "joined_on", "id")
    return rows.select_related(
        "network",
        "organisation__gmina__powiat",
        "organisation__gmina__subregion",
        "representative",
        "term",
    )


def _membership_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    m = Membership
    return [
        field(m, "network"),
        field(m, "organisation"),
        Column(_("NIP"), lambda row: tables.nip(row.organisation.nip)),
        field(Organisation, "kind", path="organisation"),
        *tables.territory("organisation__gmina"),
        field(m, "role"),
        field(m, "joined_on"),
        field(m, "left_on"),
        field(m, "left_reason"),
        field(m, "representative", personal=True),
        field(m, "term"),
        field(m, "source"),
    ]


def _partnerships(user: Any, filters: dict[str, Any]) -> QuerySet[Partnership]:
    parties = scope(PartnershipParty.objects.all(), user).select_related(
        "organisation__gmina__powiat", "organisation__gmina__subregion"
    )
    rows = filtered(PartnershipFilter, filters, partnership_list(user=user))
    return rows.prefetch_related(
        Prefetch("parties", queryset=parties, to_attr="party_rows")
    ).select_related("origin_event")


def _party_gminas(row: Any) -> list[Any]:
    return [p.organisation.gmina for p in row.party_rows]


def _partnership_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    p = Partnership
    return [
        Column(_("ID"), lambda row: row.pk),
        field(p, "title"),
        field(p, "kind"),
        Column(_("status"), lambda row: str(STATUSES.get(row.status_now, ""))),
        field(p, "starts_on"),
        field(p, "ends_on"),
        field(p, "value_pln"),
        Column(
            _("parties"),
            lambda row: tables.joined(
                f"{party.organisation} ({party.get_role_display()})" for party in row.party_rows
            ),
        ),
        *tables.territories(_party_gminas),
        field(p, "origin_event"),
        field(p, "description"),
    ]


def _network_of(filters: dict[str, Any]) -> int | None:
    value = filters.get("network")
    text = str(value).strip() if value not in (None, "") else ""
    return int(text) if text.isdigit() else None


def _membership_in_network(user: Any, filters: dict[str, Any]) -> OrganisationColumns | None:
    """When the organisation list is filtered by a network: each member's role and dates in it
    (the period covering ``member_on``, today by default)."""
    network = _network_of(filters)
    if network is None:
        return None
    day = parse_date(str(filters.get("member_on") or "")) or timezone.localdate()
    period = (
        scope(Membership.objects.all(), user)
        .filter(organisation=OuterRef("pk"), network_id=network, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .order_by("-joined_on")
    )

    def rows(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        return queryset.annotate(
            membership_role=Subquery(period.values("role")[:1]),
            membership_joined_on=Subquery(period.values("joined_on")[:1], output_field=DateField()),
            membership_left_on=Subquery(period.values("left_on")[:1], output_field=DateField()),
        )

    return OrganisationColumns(
        columns=[
            Column(
                _("role in the network"),
                lambda row: str(ROLES.get(row.membership_role, row.membership_role or "")),
            ),
            Column(_("joined on"), lambda row: row.membership_joined_on),
            Column(_("left on"), lambda row: row.membership_left_on),
        ],
        rows=rows,
    )


def register() -> None:
    register_export(
        "memberships",
        ExportSpec(
            _memberships, _membership_columns, _("network members"), people="representative"
        ),
    )
    register_export(
        "partnerships", ExportSpec(_partnerships, _partnership_columns, _("partnerships"))
    )
    register_organisation_columns(_membership_in_network)
