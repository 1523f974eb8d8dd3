"""Deleting contacts records: only managers and administrators, and only what no history needs.

An organisation or a person that other records refer to is refused (the caller is told what
refers to it); a closed organisation is recorded with ``closed_on`` and a person who must
disappear is anonymised instead. What is deleted keeps its field history (django-simple-history
writes a "deleted" record authored by the actor).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from contacts.models import Affiliation, EmploymentSnapshot, Organisation, Person
from contacts.models import SocialEnterpriseStatus as PsStatus
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user

# The code of every "still referred to" refusal; the API answers it with 409.
IN_USE = "in_use"


@access.unscoped("a delete is refused while any record refers to it, seen or not")
def linked_records(obj: models.Model) -> list[str]:
    """The names of the kinds of records that refer to ``obj`` (field history aside)."""
    found: list[str] = []
    for relation in obj._meta.related_objects:
        related: Any = relation.related_model
        if related.__name__.startswith("Historical"):
            continue
        if relation.many_to_many:
            exists = related._default_manager.filter(**{relation.field.name: obj.pk}).exists()
        else:
            exists = related._default_manager.filter(**{relation.field.attname: obj.pk}).exists()
        if exists:
            found.append(str(related._meta.verbose_name_plural))
    return sorted(set(found))


def _delete(obj: models.Model, *, actor: Any, verb: str, details: dict[str, Any]) -> None:
    access.require(actor, Action.DELETE, obj)
    action_log_write(actor=actor, verb=verb, obj=obj, details={"id": obj.pk, **details})
    with_history_user(obj, actor)
    obj.delete()


@transaction.atomic
def organisation_delete(*, actor: Any, organisation: Organisation) -> None:
    """Remove an organisation nothing refers to (a mistaken or duplicate entry).

    Raises: PermissionDenied, ValidationError (code ``in_use``) when any record refers to it.
    """
    access.require(actor, Action.DELETE, organisation)
    links = linked_records(organisation)
    if links:
        raise ValidationError(
            gettext(
                "This organisation cannot be deleted: other records refer to it (%(links)s). "
                "Record that it closed instead, or merge it into its duplicate."
            )
            % {"links": ", ".join(links)},
            code=IN_USE,
        )
    _delete(organisation, actor=actor, verb="contacts.organisation.deleted", details={})


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> None:
    """Remove a person nothing refers to (entered by mistake).

    Raises: PermissionDenied, ValidationError (code ``in_use``) when they have affiliations,
    interactions or anything else: such a person is anonymised, not deleted.
    """
    access.require(actor, Action.DELETE, person)
    links = linked_records(person)
    if links:
        raise ValidationError(
            gettext(
                "This person cannot be deleted: other records refer to them (%(links)s). "
                "Anonymise them instead."
            )
            % {"links": ", ".join(links)},
            code=IN_USE,
        )
    _delete(person, actor=actor, verb="contacts.person.deleted", details={})


@transaction.atomic
def affiliation_delete(*, actor: Any, affiliation: Affiliation) -> None:
    """Remove a mistaken affiliation (one that ended is ended, not deleted).

    Raises: PermissionDenied.
    """
    _delete(
        affiliation,
        actor=actor,
        verb="contacts.affiliation.deleted",
        details={"person": affiliation.person_id, "organisation": affiliation.organisation_id},
    )


@transaction.atomic
def ps_status_delete(*, actor: Any, status: PsStatus) -> None:
    """Correct a mistaken entry; a status that was lost is recorded with ``ps_status_lose``.

    Raises: PermissionDenied.
    """
    _delete(
        status,
        actor=actor,
        verb="contacts.ps_status.deleted",
        details={"organisation": status.organisation_id, "kind": status.kind},
    )


@transaction.atomic
def employment_delete(*, actor: Any, snapshot: EmploymentSnapshot) -> None:
    """Raises: PermissionDenied."""
    _delete(
        snapshot,
        actor=actor,
        verb="contacts.employment.deleted",
        details={"organisation": snapshot.organisation_id, "as_of": snapshot.as_of.isoformat()},
    )
