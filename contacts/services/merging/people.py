"""Merging two records of one person, the way organisations merge (``organisations``, ``plan``).

For each group of fields that differs, the non-empty value is the default; where both records
hold different values the person merging chooses, and the merge is refused until they do. The
e-mail and the phone not chosen are written into the notes, the notes are united: nothing is
lost. Every row linked to the duplicate (affiliations, contacts, registrations, consents,
tasks, a network representation, and whatever another app adds) moves to the survivor; a row
the survivor already has an equal of is removed and kept for the undo.

Two rules of the GDPR decide the rest:
- a restriction of processing (art. 18) is carried: if either record is restricted, the person
  who stays is restricted, since the earlier date, with both reasons;
- the information notice (art. 13/14) counts from the earlier date either record has;
- an anonymised record is not merged (nothing of it is left to keep).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Person, PersonMerge
from contacts.services.merging.carry import move_access_log
from contacts.services.merging.organisations import merge_recorded, move_links
from contacts.services.merging.plan import DUPLICATE, SURVIVOR, Decision, Group
from crm import access
from crm.access import Action
from crm.audit.services import with_history_user
from crm.identifiers import format_phone

PERSON_GROUPS = (
    Group("name", gettext_lazy("name"), ("first_name", "last_name")),
    Group("email", gettext_lazy("e-mail"), ("email",)),
    Group("phone", gettext_lazy("phone"), ("phone",)),
    Group("legal_basis", gettext_lazy("legal basis"), ("legal_basis",)),
    Group("source", gettext_lazy("source of the data"), ("source",)),
    Group("informed_at", gettext_lazy("informed at"), ("informed_at",), united=True),
    Group("restricted", gettext_lazy("processing restricted"), ("restricted",), united=True),
    Group("notes", gettext_lazy("notes"), ("notes",), united=True),
)


def _raw(person: Person, group: Group) -> tuple[Any, ...]:
    return tuple(getattr(person, name) for name in group.fields)


def _empty(values: tuple[Any, ...]) -> bool:
    return all(value in (None, "") for value in values)


def _covers(one: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
    return all(b in (None, "") or a == b for a, b in zip(one, other, strict=True))


def _display(person: Person, group: Group) -> str:
    if group.key == "name":
        return str(person)
    value = getattr(person, group.fields[0])
    if value in (None, ""):
        return ""
    if group.key == "phone":
        return format_phone(str(value))
    if group.key == "legal_basis":
        return str(person.get_legal_basis_display())
    return str(value)


def _other_contacts(survivor: Person, duplicate: Person, chosen: Mapping[str, str]) -> list[str]:
    """The e-mail and the phone of the side not chosen, as lines for the notes."""
    lines = []
    for key, label in (("email", _("Other e-mail")), ("phone", _("Other phone"))):
        side = chosen.get(key)
        other = duplicate if side == SURVIVOR else survivor if side == DUPLICATE else None
        value = getattr(other, key) if other is not None else None
        if value:
            shown = format_phone(value) if key == "phone" else value
            lines.append(
                _("%(label)s (from the merged record): %(value)s")
                % {"label": label, "value": shown}
            )
    return lines


def _united_notes(survivor: Person, duplicate: Person, extra: list[str]) -> str:
    parts = [survivor.notes.strip()]
    if duplicate.notes.strip() and duplicate.notes.strip() not in parts[0]:
        parts.append(duplicate.notes.strip())
    parts.extend(extra)
    return "\n\n".join(part for part in parts if part)


def _restriction(survivor: Person, duplicate: Person) -> dict[str, Any]:
    """Art. 18 carried: restricted if either is, since the earlier date, with both reasons."""
    restricted = [p for p in (survivor, duplicate) if p.restricted]
    if not restricted:
        return {}
    dates = [p.restricted_at for p in restricted if p.restricted_at is not None]
    reasons = list(dict.fromkeys(p.restriction_reason for p in restricted if p.restriction_reason))
    return {
        "restricted": True,
        "restricted_at": min(dates) if dates else None,
        "restriction_reason": " / ".join(reasons)[:300],
    }


def _earlier_notice(survivor: Person, duplicate: Person) -> Any:
    dates = [p.informed_at for p in (survivor, duplicate) if p.informed_at is not None]
    return min(dates) if dates else None


def _united_display(survivor: Person, duplicate: Person, group: Group) -> str:
    if group.key == "notes":
        return _united_notes(survivor, duplicate, [])
    if group.key == "informed_at":
        when = _earlier_notice(survivor, duplicate)
        return date_format(when, "d.m.Y") if when else ""
    restriction = _restriction(survivor, duplicate)
    if not restriction:
        return ""
    return _("yes — carried to the person who stays (%(reason)s)") % {
        "reason": restriction["restriction_reason"] or "—"
    }


def person_merge_decisions(survivor: Person, duplicate: Person) -> list[Decision]:
    """The groups whose values differ, in the page's order, each with its default."""
    decisions = []
    for group in PERSON_GROUPS:
        ours, theirs = _raw(survivor, group), _raw(duplicate, group)
        if ours == theirs or (group.united and _empty(theirs)):
            continue
        if group.key == "restricted" and not (survivor.restricted or duplicate.restricted):
            continue
        united = _united_display(survivor, duplicate, group) if group.united else ""
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


def _choices(survivor: Person, duplicate: Person, keep: Mapping[str, str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    errors: dict[str, Any] = {}
    for decision in person_merge_decisions(survivor, duplicate):
        if decision.group.united:
            continue
        choice = keep.get(decision.group.key) or decision.default
        if choice not in (SURVIVOR, DUPLICATE):
            errors[decision.group.key] = ValidationError(
                _("Both records have a value here: choose which one stays."), code="choose"
            )
        else:
            chosen[decision.group.key] = choice
    if errors:
        raise ValidationError(errors)
    return chosen


def _new_values(survivor: Person, duplicate: Person, chosen: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for group in PERSON_GROUPS:
        if chosen.get(group.key) == DUPLICATE:
            values.update({name: getattr(duplicate, name) for name in group.fields})
    values["notes"] = _united_notes(
        survivor, duplicate, _other_contacts(survivor, duplicate, chosen)
    )
    values["informed_at"] = _earlier_notice(survivor, duplicate)
    values.update(_restriction(survivor, duplicate))
    return {name: value for name, value in values.items() if getattr(survivor, name) != value}


@access.unscoped("a merge moves every record of the duplicate, seen or not")
@transaction.atomic
def person_merge(
    *,
    actor: Any,
    survivor: Person,
    duplicate: Person,
    keep: Mapping[str, str] | None = None,
) -> Person:
    """Merge ``duplicate`` into ``survivor`` and delete it; undoable (person_merge_undo).

    ``keep`` maps a group of ``PERSON_GROUPS`` to ``"survivor"`` or ``"duplicate"``; a group
    left out takes the non-empty value. The action log holds ids and field names only.

    Raises: ValidationError (same person, an anonymised record, a group both records fill
    left undecided, result invalid), PermissionDenied.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    access.require(actor, Action.CHANGE, survivor)
    access.require(actor, Action.DELETE, duplicate)
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if survivor.anonymised_at or duplicate.anonymised_at:
        raise ValidationError(_("An anonymised record cannot be merged: nothing of it is left."))
    chosen = _choices(survivor, duplicate, keep or {})
    snapshot = serializers.serialize("python", [duplicate])[0]
    values = _new_values(survivor, duplicate, chosen)
    before = {name: getattr(survivor, name) for name in values}
    # The e-mail is unique: the duplicate gives it up before the survivor takes it.
    if values.get("email") and duplicate.email == values["email"]:
        duplicate.email = None
        with_history_user(duplicate, actor, f"merging into person {survivor.pk}")
        duplicate.save(update_fields=["email"])
    for name, value in values.items():
        setattr(survivor, name, value)
    survivor.full_clean()
    links = move_links(actor=actor, survivor=survivor, duplicate=duplicate)
    links["moved"].extend(move_access_log(duplicate, survivor))
    merge_recorded(
        actor=actor,
        survivor=survivor,
        duplicate=duplicate,
        record=PersonMerge,
        duplicate_name=str(duplicate)[:300],
        snapshot=snapshot,
        before=before,
        values=values,
        fields=sorted(values),
        links=links,
    )
    return survivor
