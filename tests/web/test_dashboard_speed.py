"""The start page stays the same size however much work has piled up over the years."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.top.dashboard.selectors import OVERDUE_SHOWN, agenda
from tests.interactions.factories import FollowUpFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def _tasks(user: Any, days_ago: range) -> None:
    today = timezone.localdate()
    for days in days_ago:
        FollowUpFactory(
            assignee=user,
            due_on=today - datetime.timedelta(days=days),
            title=f"Zaległe od {days} dni",
        )


def test_the_start_page_shows_the_oldest_overdue_tasks_and_counts_the_rest(manager: Any) -> None:
    _tasks(manager, range(1, 26))
    FollowUpFactory(assignee=manager, due_on=timezone.localdate() + datetime.timedelta(days=60))

    page = client_for(manager).get(reverse("home")).content.decode()

    assert "Zaległe (25)" in page
    assert page.count('class="card followup is-overdue"') == OVERDUE_SHOWN
    assert "Zaległe od 25 dni" in page  # the longest overdue come first
    assert "Zaległe od 1 dni" not in page
    assert "Wszystkie zaległe zadania (25)" in page
    assert "Jeszcze 1 zadanie z późniejszym terminem" in page


def test_the_agenda_reads_the_same_queries_for_3_and_30_overdue_tasks(team_member: Any) -> None:
    today = timezone.localdate()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found = agenda(user=team_member, today=today)
        assert len(found.overdue) == min(found.overdue_count, OVERDUE_SHOWN)
        return len(captured)

    _tasks(team_member, range(1, 4))
    few = queries()
    _tasks(team_member, range(4, 31))
    assert queries() == few
    assert agenda(user=team_member, today=today).overdue_count == 30


def test_no_overdue_link_when_every_overdue_task_is_shown(team_member: Any) -> None:
    _tasks(team_member, range(1, 3))
    page = client_for(team_member).get(reverse("home")).content.decode()
    assert "Zaległe (2)" in page
    assert "Wszystkie zaległe zadania" not in page
