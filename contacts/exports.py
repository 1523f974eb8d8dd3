"""The contacts lists offered for export (registered in ``ContactsConfig.ready``).

An app above contacts adds columns to the organisation export for a filter of its own (networks:
the membership's role and dates when the list is filtered by a network) through
``register_organisation_columns``; contacts never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.filters import OrganisationFilter, PersonFilter, by_name
from contacts.models import Affiliation, Organisation, Person
from contacts.selectors import organisation_list, person_list
from crm import access
from crm.exports import tables
from crm.exports.registry import ExportSpec, filtered, register_export
from crm.exports.tables import Column, field


@dataclass(frozen=True)
class OrganisationColumns:
    """Columns another app adds to the organisation export, and what the rows need for them
    (``rows(queryset)`` annotates them)."""

    columns: list[Column]
    rows: Callable[[QuerySet[Organisation]], QuerySet[Organisation]]


# (user, filters) → the columns to add for those filters, or None.
OrganisationExtra = Callable[[Any, dict[str, Any]], OrganisationColumns | None]
ORGANISATION_COLUMNS: list[OrganisationExtra] = []


def register_organisation_columns(extra: OrganisationExtra) -> None:
    if extra not in ORGANISATION_COLUMNS:
        ORGANISATION_COLUMNS.append(extra)


def _organisation_rows(user: Any, filters: dict[str, Any]) -> QuerySet[Organisation]:
    rows = filtered(OrganisationFilter, filters, organisation_list(user=user))
    if not filters.get("ordering"):
        rows = by_name(rows, searching=bool(str(filters.get("search", "")).strip()))
    return rows.select_related("gmina__powiat", "gmina__subregion", "operator")


def _organisations(user: Any, filters: dict[str, Any]) -> QuerySet[Organisation]:
    rows = _organisation_rows(user, filters)
    for extra in ORGANISATION_COLUMNS:
        added = extra(user, filters)
        if added is not None:
            rows = added.rows(rows)
    return rows


def _organisation_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    o = Organisation
    columns = [
        Column(_("ID"), lambda row: row.pk),
        field(o, "name"),
        field(o, "short_name"),
        field(o, "kind"),
        field(o, "legal_form"),
        Column(_("NIP"), lambda row: tables.nip(row.nip)),
        field(o, "regon"),
        field(o, "krs"),
        field(o, "kgw_number"),
        field(o, "operator"),
        field(o, "street"),
        field(o, "postal_code"),
        field(o, "town"),
        *tables.territory("gmina"),
        field(o, "email"),
        Column(o._meta.get_field("phones").verbose_name, lambda row: tables.phones(row.phones)),
        field(o, "website"),
        field(o, "is_public"),
        field(o, "founded_on"),
        field(o, "closed_on"),
    ]
    for extra in ORGANISATION_COLUMNS:
        added = extra(user, filters)
        if added is not None:
            columns += added.columns
    return columns


def _people(user: Any, filters: dict[str, Any]) -> QuerySet[Person]:
    current = (
        access.scope(Affiliation.objects.all(), user)
        .filter(ended_on__isnull=True)
        .select_related("organisation__gmina__powiat", "organisation__gmina__subregion")
        .order_by("-is_primary", "id")
    )
    rows = filtered(PersonFilter, filters, person_list(user=user))
    if not filters.get("ordering"):
        rows = rows.order_by("last_name", "first_name", "id")
    return rows.prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current"))


def _organisations_of(person: Person) -> list[Organisation]:
    return [a.organisation for a in getattr(person, "current", [])]


def _person_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    p = Person
    return [
        Column(_("ID"), lambda row: row.pk),
        field(p, "last_name", personal=True),
        field(p, "first_name", personal=True),
        field(p, "email", personal=True),
        Column(
            p._meta.get_field("phone").verbose_name,
            lambda row: tables.phones([row.phone] if row.phone else []),
            personal=True,
        ),
        Column(
            _("organisations"), lambda row: tables.joined(_organisations_of(row)), personal=True
        ),
        Column(
            _("roles"),
            lambda row: tables.joined(a.role for a in getattr(row, "current", [])),
            personal=True,
        ),
        *tables.territories(lambda row: [o.gmina for o in _organisations_of(row)]),
        field(p, "legal_basis", personal=True),
        field(p, "source", personal=True),
        field(p, "informed_at", personal=True),
        field(p, "restricted", personal=True),
    ]


def _affiliations(user: Any, filters: dict[str, Any]) -> QuerySet[Affiliation]:
    queryset = access.scope(Affiliation.objects.all(), user)
    return queryset.select_related(
        "organisation__gmina__powiat", "organisation__gmina__subregion", "person"
    ).order_by("organisation__name", "person__last_name", "id")


def _affiliation_columns(user: Any, filters: dict[str, Any]) -> list[Column]:
    a = Affiliation
    return [
        field(a, "organisation"),
        Column(_("NIP"), lambda row: tables.nip(row.organisation.nip)),
        *tables.territory("organisation__gmina"),
        field(a, "person", personal=True),
        field(Person, "email", path="person", personal=True),
        field(a, "role", personal=True),
        field(a, "started_on"),
        field(a, "ended_on"),
        field(a, "is_primary"),
    ]


def register() -> None:
    register_export(
        "organisations", ExportSpec(_organisations, _organisation_columns, _("organisations"))
    )
    register_export(
        "people", ExportSpec(_people, _person_columns, _("people"), personal=True, people="pk")
    )
    register_export(
        "affiliations",
        ExportSpec(
            _affiliations, _affiliation_columns, _("affiliations"), personal=True, people="person"
        ),
    )
