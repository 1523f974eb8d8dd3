"""Operated units (WTZ, ZAZ, CIS, KIS): whose NIP they may carry, and how to find one.

A unit has no legal personality and usually no NIP of its own: partners write its operator's
NIP on its row. So a NIP is shared by one family: an organisation no one runs and the units it
runs. Between families it stays unique (the database holds that for organisations no one runs;
``nip_holder`` for units, which the database constraint leaves out).

The import (``crm.top.imports``) finds a unit by its operator's NIP, its kind, its name and its
gmina with ``operated_unit_find`` (one row) or ``operated_units_by_key`` (a chunk of rows in
one query); ``unit_key`` folds a name the same way for both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import OPERATED_KINDS, Organisation
from crm.access import unscoped
from crm.text import fold

# (operator id, kind, folded name, gmina id or None): what one operator's unit is unique by.
UnitKey = tuple[int, str, str, int | None]


def _pk(value: Any) -> int | None:
    return getattr(value, "pk", value)


@unscoped("a NIP is taken by any organisation, not only by those the user sees")
def nip_holder(
    nip: str, *, operator: Organisation | int | None = None, other_than: int | None = None
) -> Organisation | None:
    """The organisation that holds ``nip`` so that an organisation run by ``operator`` (or by
    no one) may not carry it too; None when it is free for it.

    ``other_than`` is the organisation itself when it exists already: it and the units it runs
    may share its NIP. A unit may carry its operator's NIP (and its siblings').
    """
    family = _pk(operator) or other_than
    holders = Organisation.objects.filter(nip=nip)
    if other_than is not None:
        holders = holders.exclude(pk=other_than)
    if family is not None:
        holders = holders.exclude(Q(pk=family) | Q(operator_id=family))
    return holders.order_by("pk").first()


def organisation_check(organisation: Organisation) -> None:
    """The model's rules and the NIP family rule at once, each refusal on its field.

    Raises: ValidationError (a NIP another family holds: code ``nip_taken``).
    """
    errors: dict[str, list[ValidationError]] = {}
    try:
        organisation.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    holder = None
    if organisation.nip and "nip" not in errors:
        holder = nip_holder(
            organisation.nip, operator=organisation.operator_id, other_than=organisation.pk
        )
    if holder is not None:
        errors["nip"] = [
            ValidationError(
                _("An organisation with this NIP is already registered: %(name)s."),
                code="nip_taken",
                params={"name": holder.name},
            )
        ]
    if errors:
        raise ValidationError(errors)


def unit_key(operator: Organisation | int, kind: str, name: str, gmina: Any) -> UnitKey:
    """What a unit is unique by, the way the database compares it (the name folded)."""
    operator_id = _pk(operator)
    assert operator_id is not None
    return (operator_id, str(kind), fold(name)[:300], _pk(gmina))


@unscoped("the import matches a unit against every organisation")
def operator_with_nip(nip: str) -> Organisation | None:
    """The organisation no one runs that is registered with ``nip`` (a unit's operator)."""
    return Organisation.objects.filter(nip=nip, operator__isnull=True).first()


@unscoped("the import matches a unit against every organisation")
def operated_unit_find(
    *, operator_nip: str, kind: str, name: str, gmina: Any
) -> Organisation | None:
    """The unit of ``kind`` run by the organisation with ``operator_nip``, named ``name`` (any
    case, Polish letters or quotes) in ``gmina`` (a Gmina, its id or None); None if there is
    none yet (nor an operator with that NIP)."""
    if kind not in OPERATED_KINDS:
        return None
    operator = operator_with_nip(operator_nip)
    if operator is None:
        return None
    found = operated_units_by_key([unit_key(operator, kind, name, gmina)])
    pk = next(iter(found.values()), None)
    return Organisation.objects.get(pk=pk) if pk is not None else None


@unscoped("the import matches units against every organisation")
def operated_units_by_key(keys: Iterable[UnitKey]) -> dict[UnitKey, int]:
    """The ids of the units with these keys, in one query per 500 operators (SQLite's
    parameter limit); keys with no unit are absent."""
    wanted = set(keys)
    operators = sorted({key[0] for key in wanted})
    found: dict[UnitKey, int] = {}
    for start in range(0, len(operators), 500):
        rows = Organisation.objects.filter(
            operator_id__in=operators[start : start + 500], kind__in=sorted(OPERATED_KINDS)
        ).values_list("operator_id", "kind", "search_name", "gmina_id", "pk")
        for operator_id, kind, search_name, gmina_id, pk in rows:
            key = (operator_id, kind, search_name, gmina_id)
            if key in wanted:
                found[key] = pk
    return found
