"""Writes to organisations, their PS statuses and employment snapshots."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from contacts.models import EmploymentSnapshot, Organisation, SocialEnterpriseStatus
from contacts.services.statuses import ps_status_check
from contacts.services.units import organisation_check
from crm.access import Action, unscoped
from crm.audit.services import action_log_write
from crm.identifiers import split_phones
from crm.services import assign, loggable, save_checked


def _normalise_phones(fields: dict[str, Any]) -> None:
    if "phones" in fields:
        phones: list[str] = []
        for value in fields["phones"] or []:
            phones.extend(p for p in split_phones(value) if p not in phones)
        fields["phones"] = phones


@transaction.atomic
def organisation_create(*, actor: Any, name: str, kind: str, **fields: Any) -> Organisation:
    """Raises: ValidationError (bad or duplicate NIP / REGON / KRS), PermissionDenied."""
    _normalise_phones(fields)
    organisation = Organisation(name=name.strip(), kind=kind)
    assign(organisation, fields)
    organisation.created_by = actor if getattr(actor, "pk", None) else None
    organisation_check(organisation)
    save_checked(organisation, actor=actor, action=Action.ADD)
    action_log_write(actor=actor, verb="contacts.organisation.created", obj=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, reason: str = "", **fields: Any
) -> Organisation:
    """Change the given fields; nothing is written when nothing changes.

    Raises: ValidationError, PermissionDenied.
    """
    _normalise_phones(fields)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    changes = assign(organisation, fields)
    if not changes:
        return organisation
    if {"nip", "operator", "operator_id"} & set(changes):
        organisation_check(organisation)
    save_checked(organisation, actor=actor, action=Action.CHANGE, reason=reason)
    action_log_write(
        actor=actor,
        verb="contacts.organisation.updated",
        obj=organisation,
        details={"fields": loggable(changes)},
    )
    return organisation


@transaction.atomic
def ps_status_grant(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    granted_on: datetime.date,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    purpose: str = "",
    lost_on: datetime.date | None = None,
) -> SocialEnterpriseStatus:
    """Record a granted PS status (``lost_on`` too when it is known already, as for an old
    one); the rules of the Act are checked (``ps_status_check``).

    Raises: ValidationError (each broken rule on its field), PermissionDenied.
    """
    status = SocialEnterpriseStatus(
        organisation=organisation,
        kind=kind,
        granted_on=granted_on,
        decision_number=decision_number,
        decision_date=decision_date,
        purpose=purpose,
        lost_on=lost_on,
    )
    ps_status_check(status)
    save_checked(status, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor,
        verb="contacts.ps_status.granted",
        obj=organisation,
        details={
            "status": status.pk,
            "kind": kind,
            "granted_on": granted_on.isoformat(),
            "lost_on": lost_on.isoformat() if lost_on else None,
        },
    )
    return status


@transaction.atomic
def ps_status_lose(
    *, actor: Any, status: SocialEnterpriseStatus, lost_on: datetime.date, decision_number: str = ""
) -> SocialEnterpriseStatus:
    """Raises: ValidationError, PermissionDenied."""
    status.lost_on = lost_on
    if decision_number:
        status.decision_number = decision_number
    ps_status_check(status)
    save_checked(status, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="contacts.ps_status.lost",
        obj=status.organisation,
        details={"status": status.pk, "lost_on": lost_on.isoformat()},
    )
    return status


@unscoped("one snapshot per organisation and day, whoever can see it")
@transaction.atomic
def employment_record(
    *,
    actor: Any,
    organisation: Organisation,
    as_of: datetime.date,
    employees: int,
    employees_at_risk: int = 0,
    fte: Decimal | None = None,
) -> EmploymentSnapshot:
    """Record (or correct) the employment of ``organisation`` on ``as_of``.

    Raises: ValidationError, PermissionDenied.
    """
    snapshot = EmploymentSnapshot.objects.filter(organisation=organisation, as_of=as_of).first()
    if snapshot is None:
        snapshot = EmploymentSnapshot(organisation=organisation, as_of=as_of, employees=employees)
        action = Action.ADD
    else:
        action = Action.CHANGE
    snapshot.employees = employees
    snapshot.employees_at_risk = employees_at_risk
    snapshot.fte = fte
    save_checked(snapshot, actor=actor, action=action)
    action_log_write(
        actor=actor,
        verb="contacts.employment.recorded",
        obj=organisation,
        details={"as_of": as_of.isoformat(), "employees": employees},
    )
    return snapshot
