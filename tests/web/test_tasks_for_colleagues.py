"""Tasks for colleagues: given, reassigned (the new assignee is told once), listed as mine,
given by me and the team's overdue, and sent in the assignee's morning digest."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from crm.audit.models import ActionLog
from crm.models import Role
from crm.top.watchdog import stuck_work_requeue
from interactions.models import FollowUp
from interactions.services import follow_up_create, follow_up_digests_dispatch, follow_up_update
from interactions.tasks import notify_follow_up_assignee
from tests.interactions.factories import EventFactory, StaffFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run a callable as production does: the e-mail tasks start after the commit."""

    def _run(function: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _run


def test_a_task_given_to_a_colleague_tells_them_once(on_commit: Any, team_member: Any) -> None:
    tomasz = StaffFactory(first_name="Tomasz", email="tomasz@rops.example.pl")
    task = on_commit(
        follow_up_create,
        actor=team_member,
        title="Przygotować umowę partnerską",
        due_on=TODAY + datetime.timedelta(days=3),
        assignee=tomasz,
    )
    assert task.assignee == tomasz and task.created_by == team_member
    assert [m.to for m in mail.outbox] == [[tomasz.email]]
    assert "Przygotować umowę partnerską" in mail.outbox[0].body
    assert "Tomasz Animator" in mail.outbox[0].body  # who gave it
    # The same notice again (a retried task, a second worker) sends nothing.
    assert notify_follow_up_assignee.apply(args=(task.pk, tomasz.pk)).result is False
    assert len(mail.outbox) == 1
    assert FollowUp.objects.get(pk=task.pk).assignee_notified_at is not None


def test_my_own_task_sends_no_notice(on_commit: Any, team_member: Any) -> None:
    on_commit(follow_up_create, actor=team_member, title="Sam dla siebie", in_days=1)
    assert mail.outbox == []


def test_reassigning_tells_the_new_assignee_once_and_logs_it(
    on_commit: Any, team_member: Any, manager: Any
) -> None:
    manager.email = "maria@rops.example.pl"
    manager.save()
    task = on_commit(follow_up_create, actor=team_member, title="Zadzwonić do KGW", in_days=5)
    on_commit(follow_up_update, actor=team_member, follow_up=task, assignee=manager)
    on_commit(follow_up_update, actor=team_member, follow_up=task, title="Zadzwonić do KGW!")
    assert [m.to for m in mail.outbox] == [[manager.email]]
    entry = ActionLog.objects.get(verb="interactions.follow_up.reassigned")
    assert entry.details["assignee"] == manager.pk
    assert "Zadzwonić" not in str(entry.details)  # no values in the log


def test_a_notice_for_an_assignee_who_is_no_longer_assigned_is_not_sent(
    on_commit: Any, team_member: Any
) -> None:
    ewa = StaffFactory(email="ewa@rops.example.pl")
    task = follow_up_create(actor=team_member, title="X", in_days=1, assignee=ewa)
    follow_up_update(actor=team_member, follow_up=task, assignee=team_member)
    assert notify_follow_up_assignee.apply(args=(task.pk, ewa.pk)).result is False
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["viewer", "owes_partner", "inactive"])
def test_tasks_go_only_to_active_team_members_and_managers(
    team_member: Any, request: pytest.FixtureRequest, who: str
) -> None:
    assignee = StaffFactory(is_active=False) if who == "inactive" else request.getfixturevalue(who)
    with pytest.raises(ValidationError) as error:
        follow_up_create(actor=team_member, title="X", in_days=1, assignee=assignee)
    assert "assignee" in error.value.message_dict


def test_the_morning_digest_goes_to_the_assignee_and_says_who_gave_it(
    on_commit: Any, team_member: Any
) -> None:
    tomasz = StaffFactory(first_name="Tomasz", email="tomasz@rops.example.pl")
    follow_up_create(
        actor=team_member, title="Wysłać zaproszenia na targi", due_on=TODAY, assignee=tomasz
    )
    mail.outbox.clear()
    on_commit(follow_up_digests_dispatch, day=TODAY)
    assert [m.to for m in mail.outbox] == [[tomasz.email]]
    assert "Wysłać zaproszenia na targi" in mail.outbox[0].body
    assert "Tomasz Animator" in mail.outbox[0].body


def test_the_tasks_page_gives_a_new_task_to_a_colleague_about_an_event(
    on_commit: Any, team_member: Any, manager: Any
) -> None:
    event = EventFactory(starts_on=TODAY + datetime.timedelta(days=10))
    client = client_for(team_member)
    form = client.get(reverse("interactions:followup_create") + f"?event={event.pk}")
    assert "Maria Kierownik" in form.content.decode()  # colleagues are offered
    response = on_commit(
        client.post,
        reverse("interactions:followup_create") + f"?event={event.pk}",
        {
            "title": "Zarezerwować salę",
            "due_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "assignee": manager.pk,
            "event": event.pk,
        },
    )
    assert response.status_code == 302
    task = FollowUp.objects.get(title="Zarezerwować salę")
    assert (task.assignee, task.event, task.organisation, task.created_by) == (
        manager,
        event,
        None,
        team_member,
    )
    given = client.get(reverse("interactions:followup_list") + "?who=given").content.decode()
    assert "Zarezerwować salę" in given and "Maria Kierownik" in given
    mine = client_for(manager).get(reverse("interactions:followup_list")).content.decode()
    assert "Zarezerwować salę" in mine and "Tomasz Animator" in mine  # given by


def test_managers_see_the_teams_overdue_tasks_and_others_do_not(
    team_member: Any, manager: Any, world: World
) -> None:
    url = reverse("interactions:followup_list") + "?who=overdue"
    page = client_for(manager).get(url).content.decode()
    assert "Wysłać wzór wniosku" in page  # the team member's, two days overdue
    other = StaffFactory()
    page = client_for(other).get(url).content.decode()
    assert "Wysłać wzór wniosku" not in page


def test_the_assignee_reassigns_a_task_on_its_page(
    on_commit: Any, team_member: Any, manager: Any, world: World
) -> None:
    url = reverse("interactions:followup_edit", args=[world.follow_up.pk])
    response = on_commit(
        client_for(team_member).post,
        url,
        {
            "title": world.follow_up.title,
            "due_on": world.follow_up.due_on.isoformat(),
            "assignee": manager.pk,
            "organisation": f"{world.organisation.name} #{world.organisation.pk}",
        },
    )
    assert response.status_code == 302
    world.follow_up.refresh_from_db()
    assert world.follow_up.assignee == manager
    # Someone who neither has nor gave the task may not open it.
    assert client_for(StaffFactory()).get(url).status_code == 403


def test_a_contact_page_offers_a_task_about_it(team_member: Any, world: World) -> None:
    page = client_for(team_member).get(
        reverse("interactions:interaction_detail", args=[world.interaction.pk])
    )
    link = reverse("interactions:followup_create") + f"?interaction={world.interaction.pk}"
    assert link in page.content.decode()


def test_the_api_reassigns_and_names_the_author(
    on_commit: Any, team_member: Any, manager: Any, world: World
) -> None:
    client = APIClient()
    client.force_authenticate(team_member)
    created = client.post(
        "/api/v1/follow-ups/",
        {"title": "Dla widza", "in_days": 3, "assignee": StaffFactory(role=Role.VIEWER).pk},
        format="json",
    )
    assert created.status_code == 400
    assert "assignee" in created.json()["errors"]
    response = on_commit(
        client.patch,
        f"/api/v1/follow-ups/{world.follow_up.pk}/",
        {"assignee": manager.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == manager.pk
    assert "created_by" in response.json() and "event" in response.json()


def test_a_notice_lost_with_the_broker_is_sent_by_the_watchdog_once(
    team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ewa = StaffFactory(first_name="Ewa", email="ewa@rops.example.pl")
    # The task is saved; its message never reached a worker (Redis restarted empty).
    task = follow_up_create(actor=team_member, title="Oddzwonić do CIS", in_days=2, assignee=ewa)
    own = follow_up_create(actor=team_member, title="Moje", in_days=2)
    assert mail.outbox == []
    assert stuck_work_requeue()["notices"] == {"requeued": 0}  # not stale yet
    later = timezone.now() + datetime.timedelta(minutes=11)
    for _look in range(2):  # a second look sends nothing more
        with django_capture_on_commit_callbacks(execute=True):
            stuck_work_requeue(now=later)
    assert [m.to for m in mail.outbox] == [[ewa.email]]
    assert "Oddzwonić do CIS" in mail.outbox[0].body
    assert FollowUp.objects.get(pk=own.pk).assignee_notified_at is not None  # owes nothing
    assert FollowUp.objects.get(pk=task.pk).assignee_notified_at is not None
    # A change older than a day owes no "new task" e-mail any more.
    stale = follow_up_create(actor=team_member, title="Stare", in_days=2, assignee=ewa)
    with django_capture_on_commit_callbacks(execute=True):
        done = stuck_work_requeue(now=timezone.now() + datetime.timedelta(days=1, minutes=1))
    assert done["notices"] == {"requeued": 0}
    assert FollowUp.objects.get(pk=stale.pk).assignee_notified_at is None


def test_a_broker_that_refuses_the_notice_does_not_undo_the_task(
    team_member: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(notify_follow_up_assignee, "delay", refuse)
    ewa = StaffFactory(email="ewa@rops.example.pl")
    with django_capture_on_commit_callbacks(execute=True):
        task = follow_up_create(actor=team_member, title="Mimo awarii", in_days=2, assignee=ewa)
    assert FollowUp.objects.get(pk=task.pk).assignee == ewa
    assert FollowUp.objects.get(pk=task.pk).assignee_notified_at is None  # still owed
