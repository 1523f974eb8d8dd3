"""networks' part of an organisation's timeline: membership joins and leaves, partnerships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from contacts.timeline import TimelineItem, TimelineSource, register_timeline_source, start_of
from crm.access import scope
from networks.models import Membership, Partnership, PartnershipParty


def _memberships(user: Any, organisation: Any) -> QuerySet[Membership]:
    return (
        scope(Membership.objects.all(), user)
        .filter(organisation=organisation)
        .select_related("network")
    )


def _partnerships(user: Any, organisation: Any) -> QuerySet[Partnership]:
    own_party = PartnershipParty.objects.filter(
        partnership=OuterRef("pk"), organisation=organisation
    )
    return (
        scope(Partnership.objects.all(), user)
        .filter(Exists(own_party))
        .order_by("-starts_on", "-id")
    )


def _joins(rows: list[Membership], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=start_of(row.joined_on),
            kind="membership_joined",
            summary=_("Joined %(network)s as %(role)s")
            % {"network": row.network.name, "role": row.get_role_display()},
            link=("networks.membership", row.pk),
            pk=row.pk,
            url=reverse("networks:network_detail", args=[row.network_id]),
        )


def _leaves(rows: list[Membership], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        assert row.left_on is not None
        summary = _("Left %(network)s") % {"network": row.network.name}
        if row.left_reason:
            summary = f"{summary}: {row.left_reason}"
        yield TimelineItem(
            at=start_of(row.left_on),
            kind="membership_left",
            summary=summary,
            link=("networks.membership", row.pk),
            pk=row.pk,
            url=reverse("networks:network_detail", args=[row.network_id]),
        )


def _partnership_items(rows: list[Partnership], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=start_of(row.starts_on),
            kind="partnership",
            summary=f"{row.get_kind_display()}: {row.title}",
            link=("networks.partnership", row.pk),
            pk=row.pk,
            url=reverse("networks:partnership_detail", args=[row.pk]),
        )


def register() -> None:
    register_timeline_source(
        TimelineSource(
            "membership_joined",
            lambda user, org: _memberships(user, org).order_by("-joined_on", "-id"),
            _joins,
        )
    )
    register_timeline_source(
        TimelineSource(
            "membership_left",
            lambda user, org: (
                _memberships(user, org).filter(left_on__isnull=False).order_by("-left_on", "-id")
            ),
            _leaves,
        )
    )
    register_timeline_source(TimelineSource("partnership", _partnerships, _partnership_items))
