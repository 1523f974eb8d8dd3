"""What a merge of two organisations does to each field, before anyone presses "Scal".

Fields go in groups a person decides at once (the address is one: street, postal code, town
and gmina from one record, never mixed). For each group that differs:

- one side is empty: the other side's value is the default (nothing is lost by "Scal");
- both are set and differ: the person must choose; the merge is refused until they do;
- phones and notes are united, never chosen; of two different e-mails the one not chosen
  is written into the notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Organisation
from crm.identifiers import format_nip, format_phone

SURVIVOR, DUPLICATE = "survivor", "duplicate"


@dataclass(frozen=True)
class Group:
    key: str
    label: Any
    fields: tuple[str, ...]
    united: bool = False


GROUPS = (
    Group("name", gettext_lazy("name"), ("name",)),
    Group("short_name", gettext_lazy("short name"), ("short_name",)),
    Group("kind", gettext_lazy("kind"), ("kind",)),
    Group("legal_form", gettext_lazy("legal form"), ("legal_form",)),
    Group("nip", gettext_lazy("NIP"), ("nip",)),
    Group("regon", gettext_lazy("REGON"), ("regon",)),
    Group("krs", gettext_lazy("KRS"), ("krs",)),
    Group("kgw_number", gettext_lazy("KGW register number (ARiMR)"), ("kgw_number",)),
    Group("operator", gettext_lazy("operator"), ("operator",)),
    Group("address", gettext_lazy("address"), ("street", "postal_code", "town", "gmina")),
    Group("email", gettext_lazy("e-mail"), ("email",)),
    Group("phones", gettext_lazy("phones"), ("phones",), united=True),
    Group("website", gettext_lazy("website"), ("website",)),
    Group("offer", gettext_lazy("offer (products and services)"), ("offer",)),
    Group("is_public", gettext_lazy("listed in the public catalogue"), ("is_public",)),
    Group("founded_on", gettext_lazy("founded on"), ("founded_on",)),
    Group("closed_on", gettext_lazy("closed on"), ("closed_on",)),
    Group("notes", gettext_lazy("notes"), ("notes",), united=True),
)
GROUP_KEYS = [group.key for group in GROUPS]
UNIQUE_IDENTIFIERS = ("nip", "regon", "krs", "kgw_number")


@dataclass(frozen=True)
class Decision:
    """One group that differs: what each side shows, and the default (None: must choose)."""

    group: Group
    survivor: str
    duplicate: str
    default: str | None
    united: str = ""  # the united value (phones, notes), shown instead of a choice


def _attname(name: str) -> str:
    return str(getattr(Organisation._meta.get_field(name), "attname", name))


def _raw(organisation: Organisation, group: Group) -> tuple[Any, ...]:
    return tuple(getattr(organisation, _attname(name)) for name in group.fields)


def _is_empty(values: tuple[Any, ...]) -> bool:
    return all(value in (None, "", []) for value in values)


def _covers(one: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
    """``one`` holds every value ``other`` holds (an address with the town and the street
    covers one with the town only): taking ``one`` loses nothing."""
    return all(b in (None, "", []) or a == b for a, b in zip(one, other, strict=True))


def _display(organisation: Organisation, group: Group) -> str:
    """The group's value as people read it: labels, not codes; formatted numbers and dates."""
    if group.key == "address":
        gmina = str(organisation.gmina) if organisation.gmina_id else ""
        town = " ".join(part for part in (organisation.postal_code, organisation.town) if part)
        parts = [organisation.street, town, _("gmina %(name)s") % {"name": gmina} if gmina else ""]
        return ", ".join(part for part in parts if part)
    name = group.fields[0]
    value = getattr(organisation, name)
    if value in (None, "", []):
        return ""
    if name in ("kind", "legal_form"):
        return str(getattr(organisation, f"get_{name}_display")())
    if name == "nip":
        return format_nip(value)
    if name == "phones":
        return ", ".join(format_phone(str(phone)) for phone in value)
    if name == "is_public":
        return _("yes") if value else _("no")
    if name in ("founded_on", "closed_on"):
        return date_format(value, "d.m.Y")
    return str(value)


def united_phones(survivor: Organisation, duplicate: Organisation) -> list[str]:
    return list(dict.fromkeys([*(survivor.phones or []), *(duplicate.phones or [])]))


def united_notes(survivor: Organisation, duplicate: Organisation, extra: list[str]) -> str:
    """The survivor's notes, then the duplicate's (when not the same), then what was left over."""
    parts = [survivor.notes.strip()]
    if duplicate.notes.strip() and duplicate.notes.strip() not in parts[0]:
        parts.append(duplicate.notes.strip())
    parts.extend(extra)
    return "\n\n".join(part for part in parts if part)


def merge_decisions(survivor: Organisation, duplicate: Organisation) -> list[Decision]:
    """The groups whose values differ, in the page's order, each with its default."""
    decisions = []
    for group in GROUPS:
        ours, theirs = _raw(survivor, group), _raw(duplicate, group)
        if ours == theirs or (_is_empty(theirs) and group.united):
            continue
        united = ""
        if group.key == "phones":
            united = ", ".join(format_phone(phone) for phone in united_phones(survivor, duplicate))
        elif group.key == "notes":
            united = united_notes(survivor, duplicate, [])
        if _covers(ours, theirs):
            default: str | None = SURVIVOR
        elif _covers(theirs, ours):
            default = DUPLICATE
        else:
            default = None
        decisions.append(
            Decision(group, _display(survivor, group), _display(duplicate, group), default, united)
        )
    return decisions
