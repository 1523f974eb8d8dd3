"""Erasure (art. 17 GDPR): a person is anonymised, and every copy of who they were goes.

The person's row keeps its id and the anonymous facts (affiliations, participations, contacts:
the programme's statistics count them) under a nameless label. Everything else that held their
name, e-mail or phone is rewritten or removed (``crm.erasure``): the field history, the action
log, the raw cells of imported files, the stored files themselves (uploads, exports), and the
exact words in any other row. What may still mention them in another form (a Polish name
inflected in a contact's subject) is listed for the manager to edit.

Anonymisation is refused while a hold applies (``contacts.erasure.holds_on``); the apps above
register theirs (see the README, "Dane osobowe (RODO)").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.erasure import ERASERS, MENTION_LINKS, holds_on
from contacts.models import Person
from contacts.services.gdpr import ERASED_FIELDS, _relations
from crm import access, erasure
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user


@dataclass(frozen=True)
class Mention:
    """A row that may still name the person in free text, and where to edit it."""

    what: str
    pk: Any
    url: str | None


@dataclass
class AnonymisationPreview:
    """What anonymisation removes and what it keeps, to show before confirming."""

    removed: list[tuple[str, str]] = field(default_factory=list)  # (field label, value)
    kept: list[tuple[str, int]] = field(default_factory=list)  # (what, how many rows)
    history_rows: int = 0
    holds: list[str] = field(default_factory=list)  # why it may not be done yet
    mentions: list[Mention] = field(default_factory=list)  # free text to edit by hand


@dataclass
class Erasure:
    """What anonymising did: the rows rewritten, the files deleted, what is left to edit."""

    person: Person
    rows_rewritten: int = 0
    files_deleted: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def _mentions(last_name: str) -> list[Mention]:
    found = []
    for m in erasure.mentions(last_name):
        link = MENTION_LINKS.get(m.model)
        found.append(Mention(what=m.what, pk=m.pk, url=link(m.pk) if link else None))
    return found


def _identities(person: Person) -> erasure.Identity:
    """Every name, e-mail and phone the person ever had here (the history keeps old ones)."""
    versions = [(person.first_name, person.last_name, person.email or "", person.phone)]
    versions += [
        (h.first_name, h.last_name, h.email or "", h.phone)
        for h in person.history.all()  # type: ignore[attr-defined]
    ]
    # A record merged into this person was them too: its names and its own history count.
    for merge in person.merges.all():  # type: ignore[attr-defined]
        row = merge.duplicate_row.get("fields", {})
        versions.append(
            (row.get("first_name", ""), row.get("last_name", ""), row.get("email") or "", "")
        )
        versions.append(("", "", "", row.get("phone", "")))
        versions += [
            (h.first_name, h.last_name, h.email or "", h.phone)
            for h in Person.history.filter(id=merge.duplicate_id)  # type: ignore[attr-defined]
        ]
    terms: set[str] = set()
    replacement = _("[anonymised person %(id)s]") % {"id": person.pk}
    for first, last, email, phone in set(versions):
        terms |= set(
            erasure.Identity.of(
                first_name=first, last_name=last, email=email, phone=phone, replacement=""
            ).terms
        )
    return erasure.Identity(
        terms=tuple(sorted(terms, key=len, reverse=True)), replacement=replacement
    )


@access.unscoped("the preview counts every record anonymisation keeps or removes")
def person_anonymise_preview(*, person: Person) -> AnonymisationPreview:
    preview = AnonymisationPreview(holds=holds_on(person), mentions=_mentions(person.last_name))
    for name in ERASED_FIELDS:
        value = getattr(person, name)
        if value:
            label = str(getattr(Person._meta.get_field(name), "verbose_name", name))
            preview.removed.append((label, str(value)))
    consents = person.consents.count()
    if consents:
        preview.removed.append((str(_("consents")), str(consents)))
    preview.history_rows = person.history.count()  # type: ignore[attr-defined]
    for relation in _relations():
        if relation.related_model._meta.label == "contacts.Consent":
            continue
        count = relation.related_model._default_manager.filter(
            **{relation.field.name: person}
        ).count()
        if count:
            preview.kept.append((str(relation.related_model._meta.verbose_name_plural), count))
    return preview


@access.unscoped("anonymisation removes every consent and every copy of the person")
@transaction.atomic
def person_anonymise(*, actor: Any, person: Person) -> Erasure:
    """Erase who the person was (art. 17 GDPR); keep the anonymous facts for the statistics.

    Affiliations, participations and contacts stay (they count towards indicators) but point
    at a nameless record; consents and the field history with the old values are deleted,
    every other copy of the name, e-mail and phone is rewritten or its file deleted.

    Raises: PermissionDenied, ValidationError (a hold applies: the reasons).
    """
    access.require_capability(actor, "personal_data.anonymise")
    access.require(actor, Action.CHANGE, person)
    holds = holds_on(person)
    if holds:
        raise ValidationError(holds, code="legal_hold")
    identity = _identities(person)
    last_name = person.last_name
    person.first_name = ""
    person.last_name = _("anonymised person %(id)s") % {"id": person.pk}
    person.email = None
    person.phone = ""
    person.source = ""
    person.notes = ""
    person.restricted = False
    person.restricted_at = None
    person.restriction_reason = ""
    person.anonymised_at = timezone.now()
    person.consents.all().delete()
    person.full_clean()
    # The old names live on in the history rows: they go too, then one clean row is written.
    person.history.all().delete()  # type: ignore[attr-defined]
    # So do the merged records' rows and history: a merge into them cannot be undone any more.
    merged_ids = list(person.merges.values_list("duplicate_id", flat=True))  # type: ignore[attr-defined]
    Person.history.filter(id__in=merged_ids).delete()  # type: ignore[attr-defined]
    person.merges.all().delete()  # type: ignore[attr-defined]
    with_history_user(person, actor, "anonymised")
    person.save()
    done = Erasure(person=person)
    for erase in ERASERS.values():
        done.files_deleted += erase(person, identity)
    done.rows_rewritten = erasure.sweep_database(identity)
    done.files_deleted += erasure.sweep_storage(identity)
    # After the sweep: what is left is what it could not rewrite.
    done.mentions = _mentions(last_name)
    action_log_write(
        actor=actor,
        verb="contacts.person.anonymised",
        obj=person,
        details={
            "rows_rewritten": done.rows_rewritten,
            "files_deleted": len(done.files_deleted),
            "mentions_left": len(done.mentions),
        },
    )
    return done
