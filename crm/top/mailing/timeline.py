"""Sent messages on the organisation's timeline and in a section of the person's page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from contacts.extensions import OrganisationSection, register_person_section
from contacts.timeline import TimelineItem, TimelineSource, register_timeline_source
from crm import access
from crm.top.mailing.models import Recipient, RecipientStatus

RECENT = 10


def _sent(user: Any) -> QuerySet[Recipient]:
    return access.scope(Recipient.objects.filter(status=RecipientStatus.SENT), user)


def _rows(user: Any, organisation: Any) -> QuerySet[Recipient]:
    return (
        _sent(user)
        .filter(organisation=organisation)
        .select_related("mailing", "person")
        .order_by("-sent_at", "-pk")
    )


def _items(rows: list[Recipient], shown: int, user: Any) -> Iterable[TimelineItem]:
    senders = access.has_capability(user, "mailing.send")
    for row in rows[:shown]:
        summary = (
            _("E-mail to %(person)s: %(subject)s") % {"person": row.person, "subject": row.subject}
            if row.person_id
            else _("E-mail: %(subject)s") % {"subject": row.subject}
        )
        yield TimelineItem(
            at=row.sent_at,  # type: ignore[arg-type]
            kind="email_sent",
            summary=summary,
            link=("mailing.mailing", row.mailing_id),
            pk=row.pk,
            url=reverse("mailing:detail", args=[row.mailing_id]) if senders else None,
        )


def _person_section(user: Any, person: Any) -> dict[str, Any] | None:
    rows = _sent(user).filter(person=person).select_related("mailing").order_by("-sent_at")
    return {"emails": list(rows[:RECENT]), "senders": access.has_capability(user, "mailing.send")}


def register() -> None:
    register_timeline_source(TimelineSource(key="email_sent", rows=_rows, items=_items))
    register_person_section(
        OrganisationSection(
            key="email_sent", template="mailing/_person_emails.html", context=_person_section
        )
    )
