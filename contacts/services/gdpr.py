"""A person's GDPR rights: access (export everything), restriction, erasure (anonymisation).

Rows of other apps refer to people (interactions, participations, memberships). contacts may
not import those apps, so they are found through the model's relations: whatever points at a
person is exported, and kept (without the name) when the person is anonymised.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Consent, Person
from crm import access
from crm.access import Action
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.audit.services import action_log_write, with_history_user
from crm.users import Role

# What anonymisation removes from the person's own row.
ERASED_FIELDS = ["first_name", "last_name", "email", "phone", "source", "notes"]


def _partner(actor: Any) -> bool:
    return access.role_of(actor) == Role.OWES_PARTNER


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.is_relation:
            related = getattr(obj, f.name, None)
            data[f.name] = str(related) if related is not None else None
        else:
            data[f.name] = _plain(getattr(obj, f.attname))
    return data


def _relations() -> list[Any]:
    result = []
    for relation in Person._meta.related_objects:
        model: Any = relation.related_model
        if model is None or str(model._meta.object_name).startswith("Historical"):
            continue
        result.append(relation)
    return result


def _related_rows(person: Person, relation: Any) -> list[models.Model]:
    model = relation.related_model
    if relation.many_to_many:
        return list(model._default_manager.filter(**{relation.field.name: person}))
    return list(model._default_manager.filter(**{relation.field.name: person}))


@access.unscoped("an art. 15 export holds every record about the person")
def person_export(*, actor: Any, person: Person) -> dict[str, Any]:
    """Everything Sieć holds about ``person`` (art. 15 GDPR), as plain JSON-ready data.

    For managers and administrators; an OWES partner only for a person in their reach (tied
    to an organisation of their subregions), never for another subregion's.

    Raises: PermissionDenied.
    """
    access.require_capability(actor, "personal_data.export")
    access.require(actor, Action.CHANGE if _partner(actor) else Action.VIEW, person)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "person": _row(person),
        "history": [
            {
                "at": _plain(h.history_date),
                "change": h.history_type,
                "first_name": h.first_name,
                "last_name": h.last_name,
                "email": h.email,
                "phone": h.phone,
            }
            for h in person.history.order_by("history_date")  # type: ignore[attr-defined]
        ],
    }
    for relation in _relations():
        rows = _related_rows(person, relation)
        data[relation.related_model._meta.label_lower] = [_row(r) for r in rows]
    action_log_write(actor=actor, verb="contacts.person.exported", obj=person)
    access_log_write(user=actor, person_ids=[person.pk], what=AccessLog.What.ART15)
    return data


@transaction.atomic
def person_restrict(*, actor: Any, person: Person, restricted: bool, reason: str = "") -> Person:
    """Art. 18 GDPR: keep the data but use it no more (or lift that), with the reason.

    Anyone who may change the person restricts; only managers and administrators, who alone
    still see a restricted person, lift it. While restricted the person is left out of lists,
    searches and exports for everyone else, and no service records anything new about them
    (``contacts.services.linking``, ``person_require_editable``).

    Raises: ValidationError (no reason given), PermissionDenied.
    """
    access.require(actor, Action.CHANGE, person)
    if person.restricted == restricted:
        return person
    if restricted:
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                {"restriction_reason": _("Say why processing is restricted (art. 18(1) GDPR).")}
            )
        person.restricted_at = timezone.now()
        person.restriction_reason = reason[:300]
    else:
        access.require_capability(actor, "personal_data.restricted")
        person.restricted_at = None
        person.restriction_reason = ""
    person.restricted = restricted
    with_history_user(person, actor, "restricted" if restricted else "restriction lifted")
    person.save(update_fields=["restricted", "restricted_at", "restriction_reason", "updated_at"])
    action_log_write(
        actor=actor,
        verb="contacts.person.restricted" if restricted else "contacts.person.unrestricted",
        obj=person,
    )
    return person


def person_require_editable(person: Person) -> None:
    """A restricted person's data is stored only: nothing but lifting the restriction (and
    erasure, export, withdrawing a consent) changes it.

    Raises: ValidationError.
    """
    if person.restricted:
        raise ValidationError(
            _(
                "Processing of this person's data is restricted (art. 18 GDPR) since "
                "%(date)s: lift the restriction before changing anything."
            )
            % {"date": timezone.localtime(person.restricted_at).strftime("%d.%m.%Y")}
            if person.restricted_at
            else _("Processing of this person's data is restricted (art. 18 GDPR)."),
            code="restricted",
        )


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    given_on: datetime.date,
    withdrawn_on: datetime.date | None = None,
) -> Consent:
    """Raises: ValidationError (also while processing is restricted), PermissionDenied."""
    access.require(actor, Action.CHANGE, person)
    person_require_editable(person)
    consent = Consent(
        person=person, purpose=purpose.strip(), given_on=given_on, withdrawn_on=withdrawn_on
    )
    consent.full_clean()
    with_history_user(consent, actor)
    consent.save()
    action_log_write(
        actor=actor,
        verb="contacts.consent.recorded",
        obj=person,
        details={"consent": consent.pk},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    """Raises: ValidationError, PermissionDenied."""
    access.require(actor, Action.CHANGE, consent.person)
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    with_history_user(consent, actor)
    consent.save()
    action_log_write(
        actor=actor,
        verb="contacts.consent.withdrawn",
        obj=consent.person,
        details={"consent": consent.pk},
    )
    return consent
