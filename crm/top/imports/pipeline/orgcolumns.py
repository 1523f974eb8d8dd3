"""An organisation's columns as the apply writes them: a new one's row, a matched one's changes.

Plain values, no model instance per row: the apply COPYs new rows (pipeline.fastwrite).
"""

from __future__ import annotations

from typing import Any

from contacts.models import Organisation
from crm.text import fold
from crm.top.imports.pipeline.matching import search_name


def new_organisation(
    values: dict[str, Any], gmina_ids: dict[str, int], user: Any
) -> dict[str, Any]:
    """The new organisation's columns (attname → value), without a model instance per row."""
    emails = values.get("emails") or []
    extra = emails[1:]
    return {
        "name": values["name"],
        "search_name": search_name(values),
        "kind": values["kind"],
        "legal_form": values.get("legal_form") or "",
        "nip": values.get("nip"),
        "regon": values.get("regon"),
        "krs": values.get("krs"),
        "kgw_number": values.get("kgw_number"),
        "street": values.get("street") or "",
        "postal_code": values.get("postal_code") or "",
        "town": values.get("town") or "",
        "search_town": fold(values.get("town") or "")[:100],  # what save() would derive
        "gmina_id": gmina_ids.get(values.get("gmina") or ""),
        "email": emails[0] if emails else "",
        "phones": list(values.get("phones") or []),
        "website": values.get("website") or "",
        "notes": ("E-mail: " + ", ".join(extra)) if extra else "",
        "created_by_id": user.pk if getattr(user, "pk", None) else None,
    }


def apply_changes(
    organisation: Organisation, changes: dict[str, list[Any]], gmina_ids: dict[str, int]
) -> dict[str, Any]:
    """Set the planned values; returns the previous ones (JSON-safe) for a revert."""
    previous: dict[str, Any] = {}
    for field, (_old, new) in changes.items():
        if field == "people":
            continue
        if field == "gmina":
            previous["gmina_id"] = organisation.gmina_id
            organisation.gmina_id = gmina_ids.get(new)
            continue
        previous[field] = getattr(organisation, field)
        setattr(organisation, field, new)
        if field == "town":
            organisation.search_town = fold(new or "")[:100]
    return previous
