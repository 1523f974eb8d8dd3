"""The contacts lists offered for export (registered in ``ContactsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from contacts.filters import OrganisationFilter, PersonFilter
from contacts.models import Affiliation
from contacts.resources import AffiliationResource, OrganisationResource, PersonResource
from contacts.selectors import organisation_list, person_list
from crm import access
from crm.exports.registry import ExportSpec, filtered, register_export


def _organisations(user: Any, filters: dict[str, Any]) -> QuerySet[Any]:
    return filtered(OrganisationFilter, filters, organisation_list(user=user))


def _people(user: Any, filters: dict[str, Any]) -> QuerySet[Any]:
    return filtered(PersonFilter, filters, person_list(user=user))


def _affiliations(user: Any, filters: dict[str, Any]) -> QuerySet[Any]:
    queryset = access.scope(Affiliation.objects.all(), user)
    return queryset.select_related("organisation", "person")


def register() -> None:
    register_export("organisations", ExportSpec(OrganisationResource, _organisations))
    register_export("people", ExportSpec(PersonResource, _people))
    register_export("affiliations", ExportSpec(AffiliationResource, _affiliations))
