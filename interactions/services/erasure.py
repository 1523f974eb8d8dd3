"""What interactions adds to erasing a person (``contacts.erasure``; registered in
``InteractionsConfig.ready``): the audit-trail hold on attendance, and where a manager edits a
contact, a task or an event that may still mention the person.

**The hold.** Attendance at the events of the regional programme is evidence of what the
programme did: the attendance lists go to the audit trail, which must be kept for five years
from 31 December of the year of the last payment (art. 82 of Regulation (EU) 2021/1060). A
person who attended an event that started within ``AUDIT_YEARS`` full calendar years before
this one (or this year) is therefore not anonymised until that period is over.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from contacts.erasure import register_hold, register_mention_link
from crm.access import unscoped
from interactions.models import Participation, ParticipationStatus

AUDIT_YEARS = 5


def audit_period_start(today: datetime.date | None = None) -> datetime.date:
    """The first day whose events the audit trail still needs."""
    today = today or timezone.localdate()
    return datetime.date(today.year - AUDIT_YEARS, 1, 1)


@unscoped("a hold is decided over every attendance of the person, whoever may see it")
def attendance_hold(person: Any) -> list[str]:
    start = audit_period_start()
    attended = (
        Participation.objects.filter(
            person=person, status=ParticipationStatus.ATTENDED, event__starts_on__gte=start
        )
        .select_related("event")
        .order_by("-event__starts_on")
    )
    return [
        gettext(
            "Attended “%(event)s” on %(date)s: the attendance list belongs to the programme's "
            "audit trail until %(until)s."
        )
        % {
            "event": p.event.title,
            "date": date_format(p.event.starts_on, "d.m.Y"),
            "until": date_format(
                datetime.date(p.event.starts_on.year + AUDIT_YEARS, 12, 31), "d.m.Y"
            ),
        }
        for p in attended[:10]
    ]


def register() -> None:
    register_hold("interactions.attendance", attendance_hold)
    register_mention_link(
        "interactions.interaction",
        lambda pk: reverse("interactions:interaction_edit", args=[pk]),
    )
    register_mention_link(
        "interactions.event", lambda pk: reverse("interactions:event_edit", args=[pk])
    )
    register_mention_link("interactions.followup", lambda pk: reverse("interactions:followup_list"))
