"""Reads that find the same person recorded twice, and the merges of people that can be undone.

"The same person" is the same name folded (no case, no Polish letters: "Łukaszuk" is
"lukaszuk") with the same e-mail or phone: two Jan Kowalskis with nothing else in common are
two people, and the warning on adding one must not cry wolf.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from contacts.models import UNDO_DAYS, Person, PersonMerge
from crm import access
from crm.identifiers import normalise_email, normalise_phone
from crm.text import fold, fold_expression


def _folded(queryset: Any) -> Any:
    return queryset.annotate(
        folded_first=fold_expression("first_name"), folded_last=fold_expression("last_name")
    )


def _quietly(normalise: Any, value: str) -> str:
    """The stored form of an e-mail or phone, or "" when it cannot be read (the form says)."""
    try:
        return str(normalise(value)) if value else ""
    except ValidationError:  # the form shows the bad value; the look-up goes without it
        return ""


def people_like(
    *, user: Any, first_name: str, last_name: str, email: str = "", phone: str = ""
) -> list[Person]:
    """People ``user`` sees with the same folded name and the same e-mail or phone."""
    email, phone = _quietly(normalise_email, email), _quietly(normalise_phone, phone)
    if not (last_name.strip() and (email or phone)):
        return []
    contact = Q(pk__in=[])
    if email:
        contact |= Q(email__iexact=email)
    if phone:
        contact |= Q(phone=phone)
    rows = _folded(access.scope(Person.objects.filter(contact), user)).filter(
        folded_first=fold(first_name), folded_last=fold(last_name)
    )
    return list(rows.order_by("last_name", "first_name", "id")[:10])


def person_merge_candidates(*, user: Any, person: Person, limit: int = 10) -> list[Person]:
    """People who look like ``person``: the same folded name, or the same e-mail or phone."""
    condition = Q(folded_first=fold(person.first_name), folded_last=fold(person.last_name))
    if person.email:
        condition |= Q(email__iexact=person.email)
    if person.phone:
        condition |= Q(phone=person.phone)
    queryset = access.scope(Person.objects.all(), user, access.Action.DELETE)
    return list(
        _folded(queryset)
        .filter(condition)
        .exclude(pk=person.pk)
        .filter(anonymised_at__isnull=True)
        .order_by("last_name", "first_name", "id")[:limit]
    )


def person_search_for_merge(*, user: Any, person: Person, query: str) -> list[Person]:
    """People found by every word of ``query`` in the folded name, or by e-mail or phone."""
    queryset = _folded(access.scope(Person.objects.all(), user, access.Action.DELETE))
    condition = Q()
    for word in fold(query).split():
        condition &= Q(folded_last__contains=word) | Q(folded_first__contains=word)
    condition |= Q(email__iexact=query.strip())
    phone = _quietly(normalise_phone, query)
    if phone:
        condition |= Q(phone=phone)
    return list(
        queryset.filter(condition)
        .exclude(pk=person.pk)
        .filter(anonymised_at__isnull=True)
        .order_by("last_name", "first_name", "id")[:20]
    )


def undoable_person_merges(*, user: Any, person: Person) -> Any:
    """The merges into ``person`` that can still be undone (not undone, under 30 days)."""
    since = timezone.now() - datetime.timedelta(days=UNDO_DAYS)
    return (
        access.scope(PersonMerge.objects.all(), user, access.Action.DELETE)
        .filter(survivor=person, undone_at__isnull=True, merged_at__gt=since)
        .select_related("merged_by")
        .order_by("-merged_at", "-id")
    )
