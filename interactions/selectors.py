"""Every read of the contact log, events, follow-ups and digests; each starts from ``scope``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from contacts.models import Organisation, Person
from crm.access import Action, can, has_capability, scope, scope_without_personal_data
from crm.api.listed import listed_prefetch
from crm.audit.models import ActionLog
from crm.tags.api import tags_prefetch
from crm.users import Role, User
from interactions.models import (
    DigestStatus,
    Event,
    FollowUp,
    FollowUpDigest,
    FollowUpStatus,
    Interaction,
    Participation,
    ParticipationStatus,
    Topic,
)


def _interactions(user: Any) -> QuerySet[Interaction]:
    return (
        scope(Interaction.objects.all(), user)
        .select_related("created_by")
        .prefetch_related(
            "staff",
            "topics",
            Prefetch(
                "organisations",
                queryset=scope(Organisation.objects.all(), user).select_related("gmina"),
            ),
        )
        .order_by("-occurred_at", "-id")
    )


def interactions_listed(*, user: Any) -> QuerySet[Interaction]:
    """Every contact ``user`` sees, newest first, for a list of many (the API): each row's
    organisations and people (as ``user`` may see them), staff, topics and tags in plain lists
    (``crm.api.listed``), with only what the list shows of them read."""
    return (
        scope(Interaction.objects.all(), user)
        .prefetch_related(
            listed_prefetch("organisations", scope(Organisation.objects.only("pk"), user)),
            listed_prefetch("people", scope(Person.objects.only("pk"), user)),
            listed_prefetch("staff", User.objects.only("pk").order_by("pk")),
            listed_prefetch("topics", Topic.objects.only("slug")),
            tags_prefetch(),
        )
        .order_by("-occurred_at", "-id")
    )


def interaction_for_page(*, user: Any, pk: int) -> Interaction | None:
    """One contact with everything its page shows: staff, organisations, people, topics and
    its follow-ups (each as ``user`` may see them)."""
    return (
        _interactions(user)
        .prefetch_related(
            Prefetch(
                "people",
                queryset=scope(Person.objects.all(), user).order_by("last_name", "first_name"),
            ),
            Prefetch(
                "follow_ups",
                queryset=scope(FollowUp.objects.all(), user)
                .select_related("assignee")
                .order_by("due_on", "id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def interaction_history(*, interaction: Interaction) -> list[ActionLog]:
    """What was done to the contact and by whom, newest first: the action log names the
    fields that changed (never their values)."""
    return list(
        ActionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Interaction),
            object_id=str(interaction.pk),
        )
        .select_related("actor")
        .order_by("-at", "-id")[:50]
    )


def interactions_of_organisation(*, user: Any, organisation: Organisation) -> QuerySet[Interaction]:
    return _interactions(user).filter(organisations=organisation)


def newest_interactions(
    *,
    user: Any,
    organisation: Organisation,
    limit: int,
    rows: QuerySet[Interaction] | None = None,
) -> list[Interaction]:
    """The organisation's ``limit`` newest contacts, newest first, as ``user`` may see them,
    read through ``rows`` (default: with their staff, topics and organisations)."""
    if rows is None:
        rows = _interactions(user)
    rows = rows.order_by("-occurred_at", "-id")
    return list(
        rows.filter(
            pk__in=newest_interaction_ids(organisation=organisation, limit=limit, rows=rows)
        )
    )


def newest_interaction_ids(
    *, organisation: Organisation, limit: int, rows: QuerySet[Interaction]
) -> Any:
    """The ids of the organisation's ``limit`` newest contacts among ``rows`` (a scoped
    queryset), for ``pk__in``.

    On PostgreSQL the ids are the first rows of the link table's (organisation_id,
    occurred_at, interaction_id) index, whose occurred_at triggers keep equal to the
    interaction's (migration 0003): the same few index rows whether the organisation has ten
    contacts or fifty thousand, recent or years old; ``rows`` (the scope) still decides what
    the user sees of them. SQLite sorts the organisation's contacts.
    """
    if connection.vendor != "postgresql":
        newest = rows.filter(organisations=organisation).order_by("-occurred_at", "-id")
        return newest.values("pk")[:limit]
    return RawSQL(
        "SELECT interaction_id FROM interactions_interaction_organisations"
        " WHERE organisation_id = %s ORDER BY occurred_at DESC, interaction_id DESC LIMIT %s",
        [organisation.pk, limit],
    )


def interaction_links_of_organisation(*, user: Any, organisation: Organisation) -> QuerySet[Any]:
    """The organisation's links to the contacts ``user`` may see, to be counted in the link
    table's index alone (joining each to its interaction read 14,000 rows for the busiest one).

    Whoever may see contacts sees all of them (``crm.access``: viewing is never narrowed by
    subregion), so the links need no join to the scoped interactions.
    """
    links = Interaction.organisations.through.objects.filter(organisation=organisation)
    return links if can(user, Action.VIEW, Interaction) else links.none()


def interactions_of_user(*, user: Any, staff_member: Any) -> QuerySet[Interaction]:
    """The interactions ``staff_member`` took part in, as ``user`` may see them."""
    return _interactions(user).filter(staff=staff_member)


def interactions_recent(*, user: Any, days: int = 30) -> QuerySet[Interaction]:
    since = timezone.now() - datetime.timedelta(days=days)
    return _interactions(user).filter(occurred_at__gte=since)


def contact_log(*, user: Any, days: int) -> QuerySet[Interaction]:
    """The contact log's list (and its export) of the last ``days``: for viewers too, without
    the contacts' notes and outcome (``scope_without_personal_data``; their people are
    ``scope()``d away), newest first."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        scope_without_personal_data(Interaction.objects.all(), user)
        .filter(occurred_at__gte=since)
        .select_related("created_by")
        .prefetch_related(
            "staff",
            "topics",
            Prefetch(
                "organisations",
                queryset=scope(Organisation.objects.all(), user).select_related("gmina"),
            ),
        )
        .order_by("-occurred_at", "-id")
    )


@dataclass
class FollowUpAgenda:
    """A user's open follow-ups by urgency; ``later`` is everything after this week."""

    overdue: list[FollowUp] = field(default_factory=list)
    today: list[FollowUp] = field(default_factory=list)
    this_week: list[FollowUp] = field(default_factory=list)
    later: list[FollowUp] = field(default_factory=list)


def follow_ups_open(*, user: Any, assignee: Any = None) -> QuerySet[FollowUp]:
    """Open follow-ups of ``assignee`` (default: ``user``); others' need ``follow_ups.see_all``."""
    assignee = assignee or user
    queryset = scope(FollowUp.objects.all(), user)
    if assignee != user and not has_capability(user, "follow_ups.see_all"):
        return queryset.none()
    return (
        queryset.filter(assignee=assignee, status=FollowUpStatus.OPEN)
        .select_related("organisation", "interaction", "assignee")
        .order_by("due_on", "id")
    )


def follow_ups_agenda(
    *, user: Any, assignee: Any = None, today: datetime.date | None = None
) -> FollowUpAgenda:
    """Open follow-ups grouped overdue / today / rest of this week (to Sunday) / later."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    agenda = FollowUpAgenda()
    for follow_up in follow_ups_open(user=user, assignee=assignee):
        if follow_up.due_on < today:
            agenda.overdue.append(follow_up)
        elif follow_up.due_on == today:
            agenda.today.append(follow_up)
        elif follow_up.due_on <= week_end:
            agenda.this_week.append(follow_up)
        else:
            agenda.later.append(follow_up)
    return agenda


def _participants(status: str | None = None) -> Coalesce:
    """How many took part in the event of the outer row (of one status): counted per event
    shown, not by joining and grouping every participation of every event (a page of five
    events cost as much as all 666 at ten years of data)."""
    rows = Participation.objects.filter(event=OuterRef("pk"))
    if status:
        rows = rows.filter(status=status)
    count = rows.order_by().values("event").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(count), 0)


def events_with_counts(*, user: Any) -> QuerySet[Event]:
    """Events, newest first, each annotated with ``participants``, ``attended`` and ``no_show``."""
    return (
        scope(Event.objects.all(), user)
        .select_related("gmina", "organiser")
        .annotate(
            participants=_participants(),
            attended=_participants(ParticipationStatus.ATTENDED),
            no_show=_participants(ParticipationStatus.NO_SHOW),
        )
        .order_by("-starts_on", "-id")
    )


def failed_digests(*, user: Any) -> QuerySet[FollowUpDigest]:
    """Digests that finally could not be sent: managers and administrators only."""
    if not has_capability(user, "digests.see_failed"):
        return FollowUpDigest.objects.none()
    # A later digest of the same person already carried these tasks: re-sending is pointless.
    later = FollowUpDigest.objects.filter(user=OuterRef("user"), date__gt=OuterRef("date"))
    return (
        FollowUpDigest.objects.filter(status=DigestStatus.FAILED)
        .annotate(superseded=Exists(later))
        .select_related("user")
        .order_by("-date", "user_id")
    )


FOLLOW_UP_VIEWS = ("mine", "given", "overdue", "team", "all")


def follow_ups_listed(
    *, user: Any, who: str, today: datetime.date | None = None
) -> QuerySet[FollowUp]:
    """Open follow-ups: "mine" (assigned to me), "given" (I gave them to colleagues), and for
    managers "overdue" (the team's overdue ones), "team" (team members' and managers') or
    "all". Others' tasks need ``follow_ups.see_all``; without it "given" and "mine" remain.
    """
    queryset = scope(FollowUp.objects.all(), user).filter(status="open")
    if who not in ("mine", "given") and not has_capability(user, "follow_ups.see_all"):
        who = "mine"
    if who == "mine":
        queryset = queryset.filter(assignee=user)
    elif who == "given":
        queryset = queryset.filter(created_by=user).exclude(assignee=user)
    elif who == "overdue":
        queryset = queryset.filter(
            assignee__role__in=[Role.TEAM, Role.MANAGER],
            due_on__lt=today or timezone.localdate(),
        )
    elif who == "team":
        queryset = queryset.filter(assignee__role__in=[Role.TEAM, Role.MANAGER])
    return queryset.select_related(
        "organisation", "assignee", "interaction", "event", "created_by"
    ).order_by("due_on", "id")


def with_people(rows: QuerySet[Interaction], *, user: Any) -> QuerySet[Interaction]:
    """``rows`` with ``seen_people``: the people of each contact that the user may see."""
    return rows.prefetch_related(
        Prefetch(
            "people",
            queryset=scope(Person.objects.all(), user).order_by("last_name", "first_name"),
            to_attr="seen_people",
        )
    )
