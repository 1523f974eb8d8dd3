"""interactions' part of an organisation's timeline: contacts and event participations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from contacts.timeline import TimelineItem, TimelineSource, register_timeline_source, start_of
from crm.access import scope
from interactions.models import Interaction, Participation
from interactions.selectors import interaction_count_of_organisation, newest_interactions


def _interactions(rows: list[Interaction], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=row.occurred_at,
            kind="interaction",
            summary=f"{row.get_kind_display()}: {row.subject}",
            link=("interactions.interaction", row.pk),
            pk=row.pk,
            url=reverse("interactions:interaction_detail", args=[row.pk]),
        )


def _participations(rows: list[Participation], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=start_of(row.event.starts_on),
            kind="participation",
            summary=_("%(event)s — %(status)s")
            % {"event": row.event.title, "status": row.get_status_display()},
            link=("interactions.event", row.event_id),
            pk=row.pk,
            url=reverse("interactions:event_detail", args=[row.event_id]),
        )


def register() -> None:
    register_timeline_source(
        TimelineSource(
            "interaction",
            lambda user, org: (
                scope(Interaction.objects.all(), user)
                .filter(organisations=org)
                .order_by("-occurred_at", "-id")
            ),
            _interactions,
            # The newest from the link table's index and the count from it alone: the same
            # few rows for an organisation with ten contacts or fifty thousand.
            newest=lambda user, org, limit: newest_interactions(
                user=user,
                organisation=org,
                limit=limit,
                rows=scope(Interaction.objects.all(), user),
            ),
            count=lambda user, org: interaction_count_of_organisation(user=user, organisation=org),
        )
    )
    register_timeline_source(
        TimelineSource(
            "participation",
            lambda user, org: (
                scope(Participation.objects.all(), user)
                .filter(organisation=org)
                .select_related("event")
                .order_by("-event__starts_on", "-id")
            ),
            _participations,
        )
    )
