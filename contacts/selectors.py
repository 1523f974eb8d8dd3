"""Reads of organisations and people shared by the pages (and the API): scoped, no N+1."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from contacts.models import (
    Affiliation,
    Consent,
    EmploymentSnapshot,
    Organisation,
    Person,
    SocialEnterpriseStatus,
)
from crm import access


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` may see, with their territory in the same query."""
    return access.scope(Organisation.objects.all(), user).select_related(
        "gmina__powiat", "gmina__subregion"
    )


def organisation_suggestions(*, user: Any, query: str, limit: int = 8) -> list[Organisation]:
    """Up to ``limit`` organisations matching a name or identifier as it is typed."""
    from contacts.filters import organisation_search

    queryset = organisation_search(organisation_list(user=user), query)
    return list(queryset.order_by("search_name", "id")[:limit])


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
            "serves_subregions",
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
        .order_by("search_name")[:limit]
    )


def saved_views_for(*, user: Any) -> list[Any]:
    """The user's own saved views of the organisation list and the ones shared with everyone."""
    from contacts.saved_views import SavedView

    if access.role_of(user) is None:
        return []
    return list(
        SavedView.objects.filter(Q(owner=user) | Q(is_shared=True))
        .select_related("owner")
        .order_by("name", "id")
    )
