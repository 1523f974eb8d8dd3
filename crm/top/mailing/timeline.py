"""Sent messages on the organisation's timeline and in a section of the person's page."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from contacts.extensions import OrganisationSection, register_person_section
from contacts.timeline import Fact, TimelineFacts, TimelineItem, register_timeline_facts
from crm import access
from crm.top.mailing.models import Recipient, RecipientStatus

RECENT = 10


def _sent(user: Any) -> QuerySet[Recipient]:
    return access.scope(Recipient.objects.filter(status=RecipientStatus.SENT), user)


def _rows(user: Any, organisation: Any) -> QuerySet[Recipient]:
    return _sent(user).filter(organisation=organisation).order_by("-sent_at", "-pk")


def _item(fact: Fact, user: Any) -> TimelineItem:
    person = f"{fact.data['first_name']} {fact.data['last_name']}".strip()  # as Person says
    summary = (
        _("E-mail to %(person)s: %(subject)s") % {"person": person, "subject": fact.data["subject"]}
        if fact.data["person"]
        else _("E-mail: %(subject)s") % {"subject": fact.data["subject"]}
    )
    mailing = fact.data["mailing"]
    return TimelineItem(
        at=fact.at,
        kind="email_sent",
        summary=summary,
        link=("mailing.mailing", mailing),
        pk=fact.pk,
        shown_at=("mailing:detail", mailing)
        if access.has_capability(user, "mailing.send")
        else None,
    )


def _person_section(user: Any, person: Any) -> dict[str, Any] | None:
    rows = _sent(user).filter(person=person).select_related("mailing").order_by("-sent_at")
    return {"emails": list(rows[:RECENT]), "senders": access.has_capability(user, "mailing.send")}


def register() -> None:
    register_timeline_facts(
        TimelineFacts(
            kind="email_sent",
            rows=_rows,
            at=F("sent_at"),
            fields={
                "mailing": "mailing_id",
                "subject": "subject",
                "person": "person_id",
                "first_name": "person__first_name",
                "last_name": "person__last_name",
            },
            item=_item,
        )
    )
    register_person_section(
        OrganisationSection(
            key="email_sent", template="mailing/_person_emails.html", context=_person_section
        )
    )
