"""The demo contact log: varied, anchored on today, deterministic and idempotent."""

from __future__ import annotations

import datetime
import random

import pytest

from crm.top.demo import contacts as contacts_demo
from crm.top.demo import interactions as interactions_demo
from crm.top.demo.context import DemoContext
from crm.top.demo.system_user import demo_system_user
from interactions.models import (
    Event,
    EventKind,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    Participation,
    ParticipationStatus,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 18)


def _context(part: str) -> DemoContext:
    return DemoContext(
        rng=random.Random(f"7-{part}"), size="small", actor=demo_system_user(), today=TODAY
    )


def _snapshot() -> list[tuple]:
    return list(
        Interaction.objects.order_by("occurred_at", "subject", "kind").values_list(
            "occurred_at", "subject", "kind"
        )
    ) + list(Event.objects.order_by("starts_on", "title").values_list("starts_on", "title"))


def test_demo_contact_log_is_varied_idempotent_and_deterministic():
    interactions_demo.seed(_context("interactions"))
    assert Interaction.objects.count() == 0  # no organisations yet: nothing to log

    contacts_demo.seed(_context("contacts"))
    interactions_demo.seed(_context("interactions"))

    kinds = set(Interaction.objects.values_list("kind", flat=True))
    # Every kind the team logs by hand; OWES support entries come only from the OWES's lists
    # (the import writes them, attributed to the OWES), never from the demo's contact log.
    assert kinds == set(InteractionKind.values) - {InteractionKind.SUPPORT}
    years = set(Interaction.objects.values_list("occurred_at__year", flat=True))
    assert len(years) >= 5
    assert Event.objects.filter(kind=EventKind.FAIR).count() == len(years)
    assert Participation.objects.filter(status=ParticipationStatus.ATTENDED).exists()
    assert Event.objects.filter(kind=EventKind.STUDY_VISIT).count() >= 2 * len(years) - 1
    open_follow_ups = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
    assert open_follow_ups.filter(due_on__lt=TODAY).exists()
    assert open_follow_ups.filter(due_on=TODAY).exists()
    assert not Interaction.objects.filter(occurred_at__date__gt=TODAY).exists()

    first = _snapshot()
    counts = (Interaction.objects.count(), Event.objects.count(), FollowUp.objects.count())
    interactions_demo.seed(_context("interactions"))
    assert (Interaction.objects.count(), Event.objects.count(), FollowUp.objects.count()) == counts

    FollowUp.objects.all().delete()
    Participation.objects.all().delete()
    Event.objects.all().delete()
    Interaction.objects.all().delete()
    interactions_demo.seed(_context("interactions"))
    assert _snapshot() == first
