"""Reads of organisations and people shared by the pages (and the API): scoped, no N+1."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    SIDE_LABELS,
    UNDO_DAYS,
    Affiliation,
    Consent,
    EmploymentSnapshot,
    LinkKind,
    Organisation,
    OrganisationLink,
    OrganisationMerge,
    OwesAccreditation,
    Person,
    SocialEnterpriseStatus,
)
from contacts.models.owes import valid_on_condition
from crm import access
from crm.territory.models import Subregion
from crm.text import fold, polish_sort_key


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` may see, with their territory in the same query."""
    return access.scope(Organisation.objects.all(), user).select_related(
        "gmina__powiat", "gmina__subregion"
    )


def organisation_suggestions(*, user: Any, query: str, limit: int = 8) -> list[Organisation]:
    """Up to ``limit`` organisations matching a name or identifier as it is typed."""
    from contacts.filters import organisation_search

    queryset = organisation_search(organisation_list(user=user), query)
    return list(queryset.order_by("name", "id")[:limit])


def organisation_detail(*, user: Any, pk: int) -> Organisation:
    """One organisation with everything its page shows that belongs to contacts.

    Raises: Organisation.DoesNotExist when it is not there or ``user`` may not see it.
    """
    # scope() gives roles without access to personal data no affiliations at all.
    affiliations = access.scope(Affiliation.objects.all(), user)
    affiliations = affiliations.select_related("person").order_by(
        "-is_primary", "ended_on", "person__last_name", "id"
    )
    queryset = (
        organisation_list(user=user)
        .select_related("operator")
        .prefetch_related(
            Prefetch(
                "ps_statuses",
                queryset=access.scope(SocialEnterpriseStatus.objects.all(), user).order_by(
                    "-granted_on"
                ),
            ),
            Prefetch(
                "employment",
                queryset=access.scope(EmploymentSnapshot.objects.all(), user).order_by("as_of"),
            ),
            Prefetch("affiliations", queryset=affiliations),
            Prefetch("operated_units", queryset=access.scope(Organisation.objects.all(), user)),
        )
    )
    return queryset.get(pk=pk)


def organisation_for_change(*, user: Any, pk: int) -> Organisation:
    """Raises: Organisation.DoesNotExist (not visible), PermissionDenied (visible, not editable)."""
    organisation = organisation_list(user=user).get(pk=pk)
    access.require(user, access.Action.CHANGE, organisation)
    return organisation


def person_list(*, user: Any) -> QuerySet[Person]:
    """The people ``user`` may see (none for roles without access to personal data)."""
    current = (
        access.scope(Affiliation.objects.all(), user)
        .filter(ended_on__isnull=True)
        .select_related("organisation")
    )
    return access.scope(Person.objects.all(), user).prefetch_related(
        Prefetch("affiliations", queryset=current, to_attr="current_affiliations")
    )


def person_detail(*, user: Any, pk: int) -> Person:
    """Raises: Person.DoesNotExist when it is not there or ``user`` may not see it."""
    return (
        access.scope(Person.objects.all(), user)
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=access.scope(Affiliation.objects.all(), user)
                .select_related("organisation__gmina__subregion")
                .order_by("ended_on", "-is_primary", "id"),
            ),
            Prefetch(
                "consents", queryset=access.scope(Consent.objects.all(), user).order_by("-given_on")
            ),
        )
        .get(pk=pk)
    )


def merge_candidates(*, user: Any, organisation: Organisation, limit: int = 10) -> list[Any]:
    """Organisations that look like the same one: same folded name, or a shared identifier."""
    condition = Q(search_name=organisation.search_name)
    for name in ("nip", "regon", "krs", "kgw_number"):
        value = getattr(organisation, name)
        if value:
            condition |= Q(**{name: value})
    if organisation.gmina_id and organisation.search_name:
        first_word = organisation.search_name.split(" ")[-1]
        condition |= Q(gmina_id=organisation.gmina_id, search_name__contains=first_word)
    queryset = access.scope(Organisation.objects.all(), user, access.Action.DELETE)
    return list(
        queryset.filter(condition)
        .exclude(pk=organisation.pk)
        .select_related("gmina")
        .order_by("name", "id")[:limit]
    )


def organisations_like(
    *,
    user: Any,
    name: str,
    gmina_id: Any = None,
    identifiers: dict[str, Any] | None = None,
    operator_id: Any = None,
) -> list[Organisation]:
    """Existing organisations a new one would duplicate: the same folded name in the same
    gmina, or a shared NIP, REGON or KRS (not the NIP of a unit: it carries its operator's).
    Identifiers are compared normalised; one that is not valid is left to the form."""
    from crm.identifiers import normalise_krs, normalise_nip, normalise_regon

    normalise = {"nip": normalise_nip, "regon": normalise_regon, "krs": normalise_krs}
    condition = Q()
    search_name = fold(name or "")[:300]
    if search_name and gmina_id:
        condition |= Q(search_name=search_name, gmina_id=gmina_id)
    for field, value in (identifiers or {}).items():
        if not value or (field == "nip" and operator_id):
            continue
        try:
            value = normalise[field](value) if field in normalise else str(value).strip()
        except ValidationError:
            continue
        condition |= Q(**{field: value})
    if not condition:
        return []
    found = organisation_list(user=user).filter(condition)
    return list(found.order_by("name", "id")[:5])


def undoable_merges(*, user: Any, organisation: Organisation) -> Any:
    """The merges into ``organisation`` that can still be undone (not undone, under 30 days)."""
    since = timezone.now() - datetime.timedelta(days=UNDO_DAYS)
    return (
        access.scope(OrganisationMerge.objects.all(), user, access.Action.DELETE)
        .filter(survivor=organisation, undone_at__isnull=True, merged_at__gt=since)
        .select_related("merged_by")
        .order_by("-merged_at", "-id")
    )


def with_primary_contacts(rows: QuerySet[Organisation], *, user: Any) -> QuerySet[Organisation]:
    """``rows`` with ``primary_contacts``: the current primary contacts the user may see."""
    primary = access.scope(
        Affiliation.objects.filter(is_primary=True, ended_on__isnull=True), user
    ).select_related("person")
    return rows.prefetch_related(
        Prefetch("affiliations", queryset=primary, to_attr="primary_contacts")
    )


def accreditations_of(*, user: Any, organisation: Organisation) -> list[OwesAccreditation]:
    """The OWES's accreditations, the newest first, with the subregions each serves."""
    return list(
        access.scope(OwesAccreditation.objects.all(), user)
        .filter(organisation=organisation)
        .prefetch_related("subregions")
        .order_by(F("valid_from").desc(nulls_last=True), "-id")
    )


def owes_serving(
    *, day: datetime.date, accreditations: QuerySet[OwesAccreditation]
) -> dict[int, list[int]]:
    """Subregion id → the ids of the OWES accredited for it on ``day`` (one each, unless the
    records clash), read from ``accreditations``: ``access.scope(...)`` for a page, or
    ``access.scope_statistics(...)`` for a number. One query."""
    rows = (
        accreditations.filter(valid_on_condition(day))
        .values_list("subregions", "organisation_id")
        .order_by("subregions", "organisation_id")
        .distinct()
    )
    serving: dict[int, list[int]] = {}
    for subregion_id, organisation_id in rows:
        if subregion_id is not None:
            serving.setdefault(subregion_id, []).append(organisation_id)
    return serving


def owes_of_subregion(*, user: Any, subregion: Subregion, day: datetime.date) -> list[Organisation]:
    """The OWES of ``subregion`` on ``day``: accredited for it then (DESIGN: one OWES)."""
    return list(
        organisation_list(user=user)
        .filter(valid_on_condition(day, "accreditations__"), accreditations__subregions=subregion)
        .distinct()
        .order_by("name", "id")
    )


def accreditations_valid_today(
    *, user: Any, organisations: Any = None
) -> QuerySet[OwesAccreditation]:
    """The accreditations valid today (of ``organisations``, a queryset or a list, when
    given), with their subregions: what an organisation's "serves subregions" reads."""
    queryset = access.scope(OwesAccreditation.objects.all(), user).filter(
        valid_on_condition(timezone.localdate())
    )
    if organisations is not None:
        queryset = queryset.filter(organisation__in=organisations)
    return queryset.prefetch_related("subregions")


@dataclass(frozen=True)
class Tie:
    """One tie of an organisation as its page lists it, read from its side."""

    label: str  # "Prowadzi", "Prowadzony przez", "Założony przez", ...
    kind: str  # "operator", "operated" or a LinkKind
    other: Organisation
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    note: str = ""
    link: OrganisationLink | None = None  # None: the operator field says it

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.ended_on is None or today < self.ended_on


def organisation_ties(*, user: Any, organisation: Organisation) -> list[Tie]:
    """Every tie of ``organisation``, both ways: who runs it and what it runs (the operator
    field), who founded it and whom it founded, which OWES supports it and whom it supports
    (the links). Current ties first, then by label and name; three queries."""
    visible = organisation_list(user=user)
    ties: list[Tie] = []
    if organisation.operator_id:
        operator = visible.filter(pk=organisation.operator_id).first()
        if operator is not None:
            ties.append(Tie(str(_("Run by")), "operated", operator, organisation.founded_on))
    for unit in visible.filter(operator=organisation):
        ties.append(Tie(str(_("Runs")), "operator", unit, unit.founded_on, unit.closed_on))
    links = (
        access.scope(OrganisationLink.objects.all(), user)
        .filter(Q(organisation=organisation) | Q(other=organisation))
        .select_related("organisation__gmina", "other__gmina")
    )
    for link in links:
        mine = link.organisation_id == organisation.pk
        label = SIDE_LABELS[LinkKind(link.kind)][0 if mine else 1]
        other = link.other if mine else link.organisation
        ties.append(
            Tie(str(label), link.kind, other, link.started_on, link.ended_on, link.note, link)
        )
    ties.sort(
        key=lambda t: (not t.is_current, polish_sort_key(t.label), polish_sort_key(t.other.name))
    )
    return ties
