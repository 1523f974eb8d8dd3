"""Writes to people and their affiliations. Personal data never goes into the action log."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from contacts.models import Affiliation, Organisation, Person
from contacts.services.gdpr import person_require_editable
from contacts.services.linking import person_require_linkable
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user
from crm.identifiers import normalise_email, normalise_phone
from crm.services import assign, loggable, save_checked


def _normalise(fields: dict[str, Any]) -> None:
    if fields.get("email"):
        fields["email"] = normalise_email(fields["email"])
    elif "email" in fields:
        fields["email"] = None
    if fields.get("phone"):
        fields["phone"] = normalise_phone(fields["phone"])


@transaction.atomic
def person_create(*, actor: Any, last_name: str, **fields: Any) -> Person:
    """Raises: ValidationError (bad e-mail or phone, e-mail already used), PermissionDenied."""
    _normalise(fields)
    person = Person(last_name=last_name.strip())
    assign(person, fields)
    # A person is added before any affiliation ties them to a subregion: check the model.
    person.full_clean()
    access.require(actor, Action.ADD, Person)
    with_history_user(person, actor)
    person.save()
    action_log_write(actor=actor, verb="contacts.person.created", obj=person)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, reason: str = "", **fields: Any) -> Person:
    """Raises: ValidationError (also while processing is restricted), PermissionDenied."""
    _normalise(fields)
    person_require_editable(person)
    changes = assign(person, fields)
    if not changes:
        return person
    save_checked(person, actor=actor, action=Action.CHANGE, reason=reason)
    action_log_write(
        actor=actor,
        verb="contacts.person.updated",
        obj=person,
        details={"fields": loggable(changes)},
    )
    return person


@transaction.atomic
def affiliation_create(
    *,
    actor: Any,
    person: Person,
    organisation: Organisation,
    role: str = "",
    started_on: datetime.date | None = None,
    is_primary: bool = False,
) -> Affiliation:
    """Raises: ValidationError (e.g. the person's processing is restricted), PermissionDenied
    (the organisation, or for an OWES partner the person, is out of reach)."""
    person_require_linkable(actor=actor, person=person)
    affiliation = Affiliation(
        person=person,
        organisation=organisation,
        role=role.strip(),
        started_on=started_on,
        is_primary=is_primary,
    )
    save_checked(affiliation, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor,
        verb="contacts.affiliation.created",
        obj=organisation,
        details={"person": person.pk, "affiliation": affiliation.pk},
    )
    return affiliation


@transaction.atomic
def affiliation_end(
    *, actor: Any, affiliation: Affiliation, ended_on: datetime.date
) -> Affiliation:
    """Raises: ValidationError, PermissionDenied."""
    affiliation.ended_on = ended_on
    save_checked(affiliation, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="contacts.affiliation.ended",
        obj=affiliation.organisation,
        details={"person": affiliation.person_id, "affiliation": affiliation.pk},
    )
    return affiliation
