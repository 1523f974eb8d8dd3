"""networks' part of an organisation's timeline: membership joins and leaves, partnerships."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
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
from networks.models import Membership, Partnership, PartnershipParty


def _memberships(user: Any, organisation: Any) -> QuerySet[Membership]:
    return scope(Membership.objects.all(), user).filter(organisation=organisation)


def _partnerships(user: Any, organisation: Any) -> QuerySet[Partnership]:
    own_party = PartnershipParty.objects.filter(
        partnership=OuterRef("pk"), organisation=organisation
    )
    return (
        scope(Partnership.objects.all(), user)
        .filter(Exists(own_party))
        .order_by("-starts_on", "-id")
    )


_MEMBERSHIP_FIELDS = {"network": "network_id", "name": "network__name"}


def _join(fact: Fact, user: Any) -> TimelineItem:
    return TimelineItem(
        at=fact.at,
        kind="membership_joined",
        summary=_("Joined %(network)s as %(role)s")
        % {
            "network": fact.data["name"],
            "role": choice_label(Membership, "role", fact.data["role"]),
        },
        link=("networks.membership", fact.pk),
        pk=fact.pk,
        shown_at=("networks:network_detail", fact.data["network"]),
    )


def _leave(fact: Fact, user: Any) -> TimelineItem:
    summary = _("Left %(network)s") % {"network": fact.data["name"]}
    if fact.data["reason"]:
        summary = f"{summary}: {fact.data['reason']}"
    return TimelineItem(
        at=fact.at,
        kind="membership_left",
        summary=summary,
        link=("networks.membership", fact.pk),
        pk=fact.pk,
        shown_at=("networks:network_detail", fact.data["network"]),
    )


def _partnership(fact: Fact, user: Any) -> TimelineItem:
    kind = choice_label(Partnership, "kind", fact.data["kind"])
    return TimelineItem(
        at=fact.at,
        kind="partnership",
        summary=f"{kind}: {fact.data['title']}",
        link=("networks.partnership", fact.pk),
        pk=fact.pk,
        shown_at=("networks:partnership_detail", fact.pk),
    )


def register() -> None:
    register_timeline_facts(
        TimelineFacts(
            "membership_joined",
            lambda user, org: _memberships(user, org).order_by("-joined_on", "-id"),
            StartOfLocalDay("joined_on"),
            _MEMBERSHIP_FIELDS | {"role": "role"},
            _join,
        )
    )
    register_timeline_facts(
        TimelineFacts(
            "membership_left",
            lambda user, org: (
                _memberships(user, org).filter(left_on__isnull=False).order_by("-left_on", "-id")
            ),
            StartOfLocalDay("left_on"),
            _MEMBERSHIP_FIELDS | {"reason": "left_reason"},
            _leave,
        )
    )
    register_timeline_facts(
        TimelineFacts(
            "partnership",
            _partnerships,
            StartOfLocalDay("starts_on"),
            {"kind": "kind", "title": "title"},
            _partnership,
        )
    )
