"""What was selected on a list: ticked ids, or every row of the list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from contacts import selectors
from contacts.filters import OrganisationFilter, PersonFilter

# More than this is a list to narrow first: a bulk action is a decision about those rows.
MAX_SELECTION = 5000


@dataclass(frozen=True)
class Kind:
    key: str  # "organisations" / "people"
    filterset: Any
    list_url: str
    export_url: str

    def rows(self, user: Any) -> Any:
        if self.key == "people":
            return selectors.person_list(user=user)
        return selectors.organisation_list(user=user)


KINDS = {
    "organisations": Kind(
        "organisations",
        OrganisationFilter,
        "contacts:organisation_list",
        "contacts:organisation_export",
    ),
    "people": Kind("people", PersonFilter, "contacts:person_list", "contacts:person_list_export"),
}


@dataclass
class Selection:
    ids: list[int]
    whole_result: bool
    query: str  # the list's filters, to go back to it and to export the whole result
    error: str = ""


def selection_from(request: HttpRequest, kind: Kind) -> Selection:
    """The ids the person chose: ticked (``id``) or the whole filtered result (``all``).

    Whatever was posted, only rows the person sees are kept (the list's own scope).
    """
    query = request.POST.get("query", "")[:4000]
    whole = request.POST.get("all") == "1"
    rows = kind.rows(request.user)
    if whole:
        filterset = kind.filterset(QueryDict(query), queryset=rows, request=request)
        if not filterset.is_valid():
            return Selection([], True, query, _("The list's filters are not valid any more."))
        rows = filterset.qs
    else:
        ticked = {int(v) for v in request.POST.getlist("id") if v.isdigit() and len(v) < 19}
        rows = rows.filter(pk__in=sorted(ticked)[: MAX_SELECTION + 1])
    ids = list(rows.order_by().values_list("pk", flat=True).distinct()[: MAX_SELECTION + 1])
    if len(ids) > MAX_SELECTION:
        return Selection(
            [],
            whole,
            query,
            _("More than %(limit)s rows are selected: narrow the filters first.")
            % {"limit": MAX_SELECTION},
        )
    if not ids:
        return Selection([], whole, query, _("Nothing is selected: tick rows on the list first."))
    return Selection(sorted(ids), whole, query)
