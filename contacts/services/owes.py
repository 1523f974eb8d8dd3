"""Writes to OWES accreditations: recorded, corrected, deleted when entered by mistake.

One subregion is served by one OWES at a time (DESIGN: "each served by one OWES"): two
accreditations whose periods meet may not cover the same subregion.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, OwesAccreditation
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write, with_history_user
from crm.services import assign, loggable, save_checked
from crm.territory.models import Subregion

FIELDS = ("decision_number", "decision_date", "valid_from", "valid_to", "notes")


def _day(value: datetime.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "…"


@unscoped("a subregion served by another OWES is taken, whoever can see that OWES")
def accreditation_clash(
    accreditation: OwesAccreditation, subregions: Iterable[Subregion]
) -> OwesAccreditation | None:
    """Another accreditation valid at some day of this one's period for one of ``subregions``."""
    others = OwesAccreditation.objects.filter(subregions__in=list(subregions))
    if accreditation.pk is not None:
        others = others.exclude(pk=accreditation.pk)
    if accreditation.valid_to is not None:
        others = others.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=accreditation.valid_to)
        )
    if accreditation.valid_from is not None:
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=accreditation.valid_from))
    return others.select_related("organisation").order_by("valid_from", "pk").first()


def _check(accreditation: OwesAccreditation, subregions: list[Subregion]) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        accreditation.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not subregions:
        errors.setdefault("subregions", []).append(
            ValidationError(_("An accreditation serves at least one subregion."), code="required")
        )
    elif "valid_to" not in errors:
        clash = accreditation_clash(accreditation, subregions)
        if clash is not None:
            shared = sorted({s.name for s in subregions} & {s.name for s in clash.subregions.all()})
            errors.setdefault("subregions", []).append(
                ValidationError(
                    _(
                        "%(subregions)s: served by %(owes)s under an accreditation valid "
                        "%(start)s – %(end)s; one OWES serves a subregion at a time."
                    ),
                    code="overlap",
                    params={
                        "subregions": ", ".join(shared),
                        "owes": clash.organisation.name,
                        "start": _day(clash.valid_from),
                        "end": _day(clash.valid_to),
                    },
                )
            )
    if errors:
        raise ValidationError(errors)


@unscoped("the field history of the subregions reads the row back")
@transaction.atomic
def owes_accreditation_create(
    *, actor: Any, organisation: Organisation, subregions: Iterable[Subregion], **fields: Any
) -> OwesAccreditation:
    """Record an OWES's accreditation (decision, validity, subregions served).

    Raises: ValidationError (not an OWES, dates, no subregion, a subregion served by another
    OWES then), PermissionDenied.
    """
    accreditation = OwesAccreditation(organisation=organisation)
    assign(accreditation, fields, allowed=FIELDS)
    served = list(subregions)
    _check(accreditation, served)
    save_checked(accreditation, actor=actor, action=Action.ADD)
    accreditation.subregions.set(served)
    action_log_write(
        actor=actor,
        verb="contacts.owes_accreditation.created",
        obj=organisation,
        details={"accreditation": accreditation.pk, "subregions": sorted(s.slug for s in served)},
    )
    return accreditation


@unscoped("the field history of the subregions reads the row back")
@transaction.atomic
def owes_accreditation_update(
    *,
    actor: Any,
    accreditation: OwesAccreditation,
    subregions: Iterable[Subregion] | None = None,
    **fields: Any,
) -> OwesAccreditation:
    """Correct an accreditation; nothing is written when nothing changes.

    Raises: ValidationError, PermissionDenied.
    """
    changes = assign(accreditation, fields, allowed=FIELDS)
    current = list(accreditation.subregions.all())
    served = current if subregions is None else list(subregions)
    if {s.pk for s in served} != {s.pk for s in current}:
        changes["subregions"] = (current, served)
    if not changes:
        return accreditation
    _check(accreditation, served)
    save_checked(accreditation, actor=actor, action=Action.CHANGE)
    if "subregions" in changes:
        accreditation.subregions.set(served)
    action_log_write(
        actor=actor,
        verb="contacts.owes_accreditation.updated",
        obj=accreditation.organisation,
        details={"accreditation": accreditation.pk, "fields": loggable(changes)},
    )
    return accreditation


@unscoped("the field history of the subregions reads the row back")
@transaction.atomic
def owes_accreditation_delete(*, actor: Any, accreditation: OwesAccreditation) -> None:
    """Delete an accreditation entered by mistake (managers; its field history is kept).

    Raises: PermissionDenied.
    """
    access.require(actor, Action.DELETE, accreditation)
    organisation, pk = accreditation.organisation, accreditation.pk
    with_history_user(accreditation, actor)
    accreditation.delete()
    action_log_write(
        actor=actor,
        verb="contacts.owes_accreditation.deleted",
        obj=organisation,
        details={"accreditation": pk},
    )
