"""What the contacts pages share: pagination and filter chips."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from contacts.models import OrganisationKind

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Any:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _chip_value(name: str, values: list[str], context: dict[str, Any]) -> str:
    if name == "kind":
        return ", ".join(str(OrganisationKind(v).label) for v in values if v in OrganisationKind)
    if name in ("ps_status", "active"):
        return _("yes") if values[0] in ("true", "True", "1") else _("no")
    lookup = context.get(f"{name}_names", {})
    return ", ".join(str(lookup.get(v, v)) for v in values)


def filter_chips(
    request: HttpRequest, labels: dict[str, str], context: dict[str, Any]
) -> list[dict[str, str]]:
    """One removable chip per active filter: the label, the value and the URL without it."""
    chips = []
    for name, label in labels.items():
        values = [v for v in request.GET.getlist(name) if v]
        if not values:
            continue
        params: QueryDict = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        chips.append(
            {
                "label": label,
                "value": _chip_value(name, values, context),
                "remove_url": "?" + params.urlencode(),
            }
        )
    return chips
