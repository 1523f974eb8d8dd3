"""Whether a person may be sent e-mail, and their refusal of it, in the consent record.

A refusal is a consent for the purpose ``EMAIL_PURPOSE`` that is withdrawn: it is on the
person's page with the other consents, goes with them when the person is anonymised, and a
later consent for the same purpose (recorded by the team when the person asks again) lifts it.
A person whose legal basis is consent (art. 6(1)(a) GDPR) is e-mailed only while some consent
of theirs is in force; the others (public task, legal obligation) until they refuse.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from contacts.models import Consent, Person
from crm.access import unscoped
from crm.audit.services import action_log_write, with_history_user

# The purpose a refusal is recorded under (case does not matter when it is read).
EMAIL_PURPOSE = "wiadomości e-mail"


def _in_force(day: datetime.date) -> Q:
    return Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)


def email_refused(*, day: datetime.date | None = None) -> Exists:
    """For ``Person`` querysets: the person's newest e-mail consent is withdrawn (a refusal)."""
    day = day or timezone.localdate()
    email = Consent.objects.filter(person=OuterRef("pk"), purpose__iexact=EMAIL_PURPOSE)
    refused = email.filter(withdrawn_on__isnull=False, withdrawn_on__lte=day)
    return Exists(refused.exclude(Exists(_later_in_force(day))))


def _later_in_force(day: datetime.date) -> Any:
    # An e-mail consent given on or after the refusal and still in force lifts it.
    return Consent.objects.filter(
        person=OuterRef("person"),
        purpose__iexact=EMAIL_PURPOSE,
        given_on__gte=OuterRef("withdrawn_on"),
    ).filter(_in_force(day))


def consent_in_force(*, day: datetime.date | None = None) -> Exists:
    """For ``Person`` querysets: at least one consent of the person is in force on ``day``."""
    day = day or timezone.localdate()
    return Exists(
        Consent.objects.filter(person=OuterRef("pk"), given_on__lte=day).filter(_in_force(day))
    )


@transaction.atomic
def person_email_refuse(*, person: Person, via: str, actor: Any = None) -> Consent:
    """Record that ``person`` wants no more e-mail (the unsubscribe link, or the team on their
    behalf): their e-mail consent in force is withdrawn today, or a withdrawn one is recorded.
    Allowed while processing is restricted (withdrawing a consent always is). Recording it
    twice changes nothing.
    """
    today = timezone.localdate()
    with unscoped("a refusal is recorded whoever follows the link, signed in or not"):
        # One refusal at a time per person (two clicks on the link write one row).
        Person.objects.select_for_update().filter(pk=person.pk).first()
        mine = Consent.objects.filter(person=person, purpose__iexact=EMAIL_PURPOSE)
        current = mine.filter(_in_force(today)).order_by("-given_on", "-pk").first()
        if current is None:
            if Person.objects.filter(email_refused(day=today), pk=person.pk).exists():
                return mine.filter(withdrawn_on__isnull=False).order_by("-withdrawn_on").first()  # type: ignore[return-value]
            current = Consent(person=person, purpose=EMAIL_PURPOSE, given_on=today)
        current.withdrawn_on = max(today, current.given_on)
        current.full_clean()
        with_history_user(current, actor)
        current.save()
        action_log_write(
            actor=actor,
            verb="contacts.consent.email_refused",
            obj=person,
            details={"consent": current.pk, "via": via},
        )
    return current
