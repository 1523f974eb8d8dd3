"""Who may name a person on a new record: an affiliation, a contact, a participation, a
representative.

Two rules meet here, and every service that ties a person to something asks them:

- **reach** (issue 13): an OWES partner edits people only through the organisations of their
  subregions (``Person.access_subregion_path`` follows affiliations). Tying a person of another
  subregion to one of their own organisations would bring that person into their reach, so a
  partner may name only people already in their reach, or people nothing ties to anyone yet
  (just added, no affiliation, no other record). Editors name anyone they see.
- **art. 18 GDPR**: a person whose processing is restricted is stored only: no new records.
  An anonymised record names nobody and gets no new records either.

The API's relation fields offer ``people_linkable`` (so another subregion's person reads "not
one you may name"), the pages' pickers too, and the services check ``person_require_linkable``
whatever called them (pages, API, admin, import).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from contacts.models import Person
from crm import access
from crm.access import Action
from crm.users import Role


def _unclaimed() -> Q:
    """People no record refers to (field history aside): nobody's yet, free to be tied."""
    condition = Q()
    for relation in Person._meta.related_objects:
        model: Any = relation.related_model
        if model.__name__.startswith("Historical"):
            continue
        # A subquery of a strict model is never evaluated on its own (crm.scoping).
        taken = Exists(model._default_manager.filter(**{relation.field.name: OuterRef("pk")}))
        condition &= Q(~taken)
    return condition


def people_linkable(*, user: Any) -> QuerySet[Person]:
    """The people ``user`` may name on a new record; restricted and anonymised ones are left
    to the services, which say why they refuse them."""
    visible = access.scope(Person.objects.all(), user)
    if access.role_of(user) != Role.OWES_PARTNER:
        return visible
    editable = access.scope(Person.objects.all(), user, Action.CHANGE)
    return visible.filter(Q(pk__in=editable.values("pk")) | _unclaimed())


def person_require_linkable(*, actor: Any, person: Person) -> None:
    """Raises: ValidationError (restricted or anonymised), PermissionDenied (out of reach)."""
    if person.anonymised_at is not None:
        raise ValidationError(
            gettext("An anonymised person cannot be named on a new record."), code="anonymised"
        )
    if person.restricted:
        raise ValidationError(
            gettext(
                "Processing of %(person)s's data is restricted (art. 18 GDPR): nothing new may "
                "be recorded about them until a manager lifts the restriction."
            )
            % {"person": person},
            code="restricted",
        )
    if access.role_of(actor) != Role.OWES_PARTNER:
        return
    if not people_linkable(user=actor).filter(pk=person.pk).exists():
        raise PermissionDenied(
            gettext("This person belongs to another subregion: you may not name them here.")
        )


def people_require_linkable(*, actor: Any, people: Iterable[Any]) -> None:
    """``person_require_linkable`` for each of ``people`` (instances or ids).

    Raises: ValidationError, PermissionDenied.
    """
    ids = [p.pk if isinstance(p, Person) else int(p) for p in people]
    if not ids:
        return
    with access.unscoped("the people named on a record are checked one by one"):
        found = list(Person.objects.filter(pk__in=ids))
    for person in found:
        person_require_linkable(actor=actor, person=person)
