"""interactions' part of an organisation's timeline: contacts and event participations."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from contacts.timeline import (
    Fact,
    TimelineFacts,
    TimelineItem,
    choice_label,
    register_timeline_facts,
)
from crm.access import scope
from crm.local_day import StartOfLocalDay
from interactions.models import Interaction, Participation
from interactions.selectors import interaction_links_of_organisation, newest_interaction_ids


def _interactions(user: Any, organisation: Any) -> QuerySet[Interaction]:
    return (
        scope(Interaction.objects.all(), user)
        .filter(organisations=organisation)
        .order_by("-occurred_at", "-id")
    )


def _newest_interactions(user: Any, organisation: Any, limit: int) -> QuerySet[Interaction]:
    # The newest from the link table's index: the same few rows for an organisation with ten
    # contacts or fifty thousand.
    rows = scope(Interaction.objects.all(), user)
    return rows.filter(
        pk__in=newest_interaction_ids(organisation=organisation, limit=limit, rows=rows)
    )


def _interaction(fact: Fact, user: Any) -> TimelineItem:
    kind = choice_label(Interaction, "kind", fact.data["kind"])
    return TimelineItem(
        at=fact.at,
        kind="interaction",
        summary=f"{kind}: {fact.data['subject']}",
        link=("interactions.interaction", fact.pk),
        pk=fact.pk,
        shown_at=("interactions:interaction_detail", fact.pk),
    )


def _participation(fact: Fact, user: Any) -> TimelineItem:
    event = fact.data["event"]
    return TimelineItem(
        at=fact.at,
        kind="participation",
        summary=_("%(event)s — %(status)s")
        % {
            "event": fact.data["title"],
            "status": choice_label(Participation, "status", fact.data["status"]),
        },
        link=("interactions.event", event),
        pk=fact.pk,
        shown_at=("interactions:event_detail", event),
    )


def register() -> None:
    register_timeline_facts(
        TimelineFacts(
            "interaction",
            _interactions,
            F("occurred_at"),
            {"kind": "kind", "subject": "subject"},
            _interaction,
            newest=_newest_interactions,
            # Counted in the link table's index alone (joining each link to its interaction
            # read 14,000 rows for the busiest organisation).
            counted=lambda user, org: interaction_links_of_organisation(
                user=user, organisation=org
            ),
        )
    )
    register_timeline_facts(
        TimelineFacts(
            "participation",
            lambda user, org: (
                scope(Participation.objects.all(), user)
                .filter(organisation=org)
                .order_by("-event__starts_on", "-id")
            ),
            StartOfLocalDay("event__starts_on"),
            {"event": "event_id", "title": "event__title", "status": "status"},
            _participation,
        )
    )
