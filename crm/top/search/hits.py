"""How one found record is shown: its name, a line of what tells it apart, and its addresses
(the page, and the API record), the same on the results page, in the suggestions and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from crm.identifiers import format_nip

# kind → (the page's URL name, the API record's URL name)
URLS = {
    "organisations": ("contacts:organisation_detail", "organisation-detail"),
    "people": ("contacts:person_detail", "person-detail"),
    "events": ("interactions:event_detail", "event-detail"),
    "networks": ("networks:network_detail", "network-detail"),
    "partnerships": ("networks:partnership_detail", "partnership-detail"),
}


@dataclass
class Hit:
    id: int
    name: str
    url: str
    api_url: str
    meta: list[str] = field(default_factory=list)
    badge: str = ""  # an organisation's kind, shown as its sector's badge
    badge_label: str = ""


def _date(day: datetime.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def _span(starts: datetime.date | None, ends: datetime.date | None) -> str:
    return f"{_date(starts)} – {_date(ends)}" if ends else _date(starts)


def _organisation(obj: Any) -> tuple[str, list[str]]:
    meta = []
    if obj.nip:
        meta.append("NIP " + format_nip(obj.nip))
    place = obj.gmina.display_name if obj.gmina_id else obj.town
    if place:
        meta.append(place)
    return obj.name, meta


def _person(obj: Any) -> tuple[str, list[str]]:
    meta = []
    for affiliation in getattr(obj, "current_affiliations", []):
        role = f" — {affiliation.role}" if affiliation.role else ""
        meta.append(affiliation.organisation.name + role)
    return f"{obj.last_name} {obj.first_name}".strip(), meta


def _event(obj: Any) -> tuple[str, list[str]]:
    meta = [_span(obj.starts_on, obj.ends_on), str(obj.get_kind_display())]
    place = obj.gmina.display_name if obj.gmina_id else obj.address
    if place:
        meta.append(place)
    return obj.title, meta


def _network(obj: Any) -> tuple[str, list[str]]:
    meta = [str(obj.get_kind_display())]
    if obj.short_name:
        meta.insert(0, obj.short_name)
    if obj.subregion_id:
        meta.append(obj.subregion.name)
    return obj.name, meta


def _partnership(obj: Any) -> tuple[str, list[str]]:
    return obj.title, [str(obj.get_kind_display()), _span(obj.starts_on, obj.ends_on)]


_DESCRIBE = {
    "organisations": _organisation,
    "people": _person,
    "events": _event,
    "networks": _network,
    "partnerships": _partnership,
}


def hit(kind: str, obj: Any) -> Hit:
    name, meta = _DESCRIBE[kind](obj)
    page, api = URLS[kind]
    found = Hit(
        id=obj.pk,
        name=name,
        url=reverse(page, args=[obj.pk]),
        api_url=reverse(api, args=[obj.pk]),
        meta=[part for part in meta if part],
    )
    if kind == "organisations":
        found.badge, found.badge_label = obj.kind, str(obj.get_kind_display())
    return found
