"""The lists that can be exported by name (for the background export task).

Each entry knows its resource and how to build the queryset a user sees with given filters;
other apps add their lists here as they get resources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from import_export.resources import Resource


@dataclass(frozen=True)
class ExportSpec:
    resource: type[Resource]
    queryset: Callable[[Any, dict[str, Any]], QuerySet[Any]]


def filtered(
    filterset_class: Any, filters: dict[str, Any], queryset: QuerySet[Any]
) -> QuerySet[Any]:
    """The list page's own FilterSet over ``queryset``.

    Raises: ValueError when the filters do not validate (an export never ignores a filter).
    """
    data = QueryDict(mutable=True)
    for key, value in filters.items():
        data.setlist(
            key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        )
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        raise ValueError(dict(filterset.errors))
    return filterset.qs


def _organisations(user: Any, filters: dict[str, Any]) -> QuerySet[Any]:
    from contacts.filters import OrganisationFilter
    from contacts.selectors import organisation_list

    return filtered(OrganisationFilter, filters, organisation_list(user=user))


def _people(user: Any, filters: dict[str, Any]) -> QuerySet[Any]:
    from contacts.filters import PersonFilter
    from contacts.selectors import person_list

    return filtered(PersonFilter, filters, person_list(user=user))


def _affiliations(user: Any, filters: dict[str, Any]) -> QuerySet[Any]:
    from contacts.models import Affiliation
    from crm import access

    queryset = access.scope(Affiliation.objects.all(), user)
    return queryset.select_related("organisation", "person")


def _build() -> dict[str, ExportSpec]:
    from contacts.resources import AffiliationResource, OrganisationResource, PersonResource

    return {
        "organisations": ExportSpec(OrganisationResource, _organisations),
        "people": ExportSpec(PersonResource, _people),
        "affiliations": ExportSpec(AffiliationResource, _affiliations),
    }


class _Registry(dict[str, ExportSpec]):
    """Filled on first use, so importing this module loads no app code."""

    def _fill(self) -> None:
        if not self:
            self.update(_build())

    def __getitem__(self, key: str) -> ExportSpec:
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)


EXPORTS = _Registry()
