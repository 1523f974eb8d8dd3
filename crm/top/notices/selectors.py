"""Who is still owed the art. 14 notice, by when, and how many (the worklist and the dashboard)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from contacts.models import Affiliation, NoticeMethod, NoticeStatus, Person, PrivacyNotice
from crm import access
from crm.access import Action
from crm.users import Role
from interactions.models import Interaction, InteractionKind

# Support an OWES recorded on its own list is not our communication with the person.
NOT_COMMUNICATION = [InteractionKind.SUPPORT]


def _reach(user: Any) -> QuerySet[Person]:
    """Everyone for the team and managers; for an OWES partner only the people of their
    subregions (those they may change), never another subregion's."""
    if not access.has_capability(user, "privacy_notices.record"):
        return access.scope(Person.objects.none(), user)
    partner = access.role_of(user) == Role.OWES_PARTNER
    return access.scope(Person.objects.all(), user, Action.CHANGE if partner else Action.VIEW)


def people_to_notify(user: Any, *, now: datetime.datetime | None = None) -> QuerySet[Person]:
    """People whose data came from another source, not informed, not exempt, not anonymised;
    the overdue first, then by deadline.

    Each row carries ``deadline`` (the earlier of ``notice_due_on`` and the day of the first
    contact with the person, art. 14(3)), ``first_contact_at``, ``overdue``, and the last
    e-mail's ``email_status`` / ``email_error``.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    contacts = (
        access.scope(Interaction.objects.all(), user)
        .filter(people=OuterRef("pk"))
        .exclude(kind__in=NOT_COMMUNICATION)
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    exempt = access.scope(PrivacyNotice.objects.all(), user).filter(
        person=OuterRef("pk"), method=NoticeMethod.EXEMPT, status=NoticeStatus.DONE
    )
    last_email = (
        access.scope(PrivacyNotice.objects.all(), user)
        .filter(person=OuterRef("pk"), method=NoticeMethod.EMAIL)
        .order_by("-created_at", "-id")
    )
    due = Coalesce("notice_due_on", TruncDate("created_at"))
    return (
        _reach(user)
        .filter(
            data_origin=Person.DataOrigin.ELSEWHERE,
            informed_at__isnull=True,
            anonymised_at__isnull=True,
        )
        .filter(~Exists(exempt))
        .annotate(first_contact_at=Subquery(contacts))
        .annotate(deadline=Least(due, Coalesce(TruncDate("first_contact_at"), due)))
        .annotate(
            overdue=Case(
                When(Q(deadline__lt=today) | Q(first_contact_at__lte=now), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            email_status=Subquery(last_email.values("status")[:1]),
            email_error=Subquery(last_email.values("error")[:1]),
        )
        .order_by("-overdue", "deadline", "last_name", "id")
    )


def worklist_rows(user: Any, people: QuerySet[Person]) -> QuerySet[Person]:
    """The list's rows with the organisations each person is tied to (one query more)."""
    return people.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=access.scope(Affiliation.objects.all(), user).select_related("organisation"),
        )
    )


@dataclass(frozen=True)
class NoticeCounts:
    owed: int
    overdue: int


def notice_counts(user: Any) -> NoticeCounts | None:
    """How many people ``user`` should still inform, and how many of them late (the
    dashboard's tile); None for who has no worklist."""
    if not access.has_capability(user, "privacy_notices.record"):
        return None
    owed = people_to_notify(user)
    return NoticeCounts(owed=owed.count(), overdue=owed.filter(Q(overdue=True)).count())
