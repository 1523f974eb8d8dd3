"""Follow-ups: created directly or as an interaction's next step, closed, postponed, grouped."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from interactions import selectors
from interactions.models import FollowUp, FollowUpStatus
from interactions.services import (
    follow_up_cancel,
    follow_up_complete,
    follow_up_create,
    follow_up_postpone,
    interaction_log,
)
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import follow_up_due

pytestmark = pytest.mark.django_db


def test_next_step_in_14_days_counts_from_the_interaction_and_takes_its_organisation(
    team_member,
):
    organisation = OrganisationFactory()
    # 23:30 UTC on 3 March is already 4 March in Warsaw.
    when = datetime.datetime(2026, 3, 3, 23, 30, tzinfo=datetime.UTC)
    interaction = interaction_log(
        actor=team_member,
        kind="consultation",
        organisation=organisation,
        subject="Doradztwo",
        occurred_at=when,
    )

    follow_up = follow_up_create(
        actor=team_member, title="Sprawdzić wniosek", interaction=interaction, in_days=14
    )

    assert follow_up.due_on == datetime.date(2026, 3, 18)
    assert follow_up.organisation == organisation
    assert follow_up.assignee == team_member
    assert follow_up.status == FollowUpStatus.OPEN


def test_a_follow_up_needs_exactly_one_way_to_say_when(team_member):
    with pytest.raises(ValidationError):
        follow_up_create(actor=team_member, title="x")
    with pytest.raises(ValidationError):
        follow_up_create(actor=team_member, title="x", due_on=timezone.localdate(), in_days=3)


def test_complete_postpone_cancel(team_member):
    organisation = OrganisationFactory()
    done = follow_up_create(
        actor=team_member, title="a", organisation=organisation, due_on=datetime.date(2026, 1, 5)
    )
    later = follow_up_create(
        actor=team_member, title="b", organisation=organisation, due_on=datetime.date(2026, 1, 5)
    )
    dropped = follow_up_create(
        actor=team_member, title="c", organisation=organisation, due_on=datetime.date(2026, 1, 5)
    )

    follow_up_complete(actor=team_member, follow_up=done)
    follow_up_postpone(actor=team_member, follow_up=later, by_days=7)
    follow_up_cancel(actor=team_member, follow_up=dropped, reason="nieaktualne")

    assert done.status == FollowUpStatus.DONE and done.done_at is not None
    assert later.due_on == datetime.date(2026, 1, 12)
    assert dropped.status == FollowUpStatus.CANCELLED
    assert dropped.history.first().history_change_reason == "nieaktualne"
    with pytest.raises(ValidationError):
        follow_up_complete(actor=team_member, follow_up=done)
    with pytest.raises(ValidationError):
        follow_up_postpone(actor=team_member, follow_up=later, due_on=datetime.date(2026, 1, 1))


def test_done_without_a_time_is_refused_by_the_database(team_member):
    follow_up = follow_up_due(team_member, datetime.date(2026, 1, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUpStatus.DONE)


def test_agenda_groups_overdue_today_this_week_and_later(team_member, manager):
    today = datetime.date(2026, 10, 21)  # a Wednesday
    for day in (15, 20, 21, 23, 25, 26):
        follow_up_due(team_member, datetime.date(2026, 10, day), title=f"dzień {day}")
    follow_up_due(manager, today, title="nie moje")

    agenda = selectors.follow_ups_agenda(user=team_member, today=today)

    assert [f.title for f in agenda.overdue] == ["dzień 15", "dzień 20"]
    assert [f.title for f in agenda.today] == ["dzień 21"]
    assert [f.title for f in agenda.this_week] == ["dzień 23", "dzień 25"]
    assert [f.title for f in agenda.later] == ["dzień 26"]
    # A team member sees only their own list; a manager may look at anyone's.
    assert selectors.follow_ups_open(user=team_member, assignee=manager).count() == 0
    assert selectors.follow_ups_open(user=manager, assignee=team_member).count() == 6
