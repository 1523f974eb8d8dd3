"""Managers' tools in the pages, not the admin: delete with a confirmation (the API's blockers),
the failed morning e-mails with "send again", and the action log with its filters."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.models import Organisation, Person
from crm.audit.models import ActionLog
from interactions.models import DigestStatus, Event, FollowUp, FollowUpDigest, Participation
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory, StaffFactory, follow_up_due
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_a_manager_deletes_an_organisation_entered_by_mistake(manager: Any) -> None:
    mistake = OrganisationFactory(name="Fundacja Pomyłka")
    url = reverse("contacts:organisation_delete", args=[mistake.pk])
    page = client_for(manager).get(url).content.decode()
    assert "Usunąć organizację „Fundacja Pomyłka”?" in page
    assert "Nic więcej nie zostanie usunięte" in page
    response = client_for(manager).post(url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "contacts:organisation_list"
    )
    assert not Organisation.objects.filter(pk=mistake.pk).exists()
    assert ActionLog.objects.filter(
        verb="contacts.organisation.deleted", object_id=str(mistake.pk), actor=manager
    ).exists()


def test_an_organisation_others_refer_to_is_not_deleted_and_the_page_says_what(
    manager: Any, world: World
) -> None:
    url = reverse("contacts:organisation_delete", args=[world.organisation.pk])
    page = client_for(manager).get(url).content.decode()
    assert "Tego rekordu nie można usunąć" in page
    assert 'data-testid="delete-confirm"' not in page  # no button
    assert "#h-networks" in page  # the memberships, linked where they are listed
    response = client_for(manager).post(url)
    assert response.status_code == 409
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


def test_the_organisation_page_offers_delete_to_managers_only(
    manager: Any, team_member: Any, world: World
) -> None:
    detail = reverse("contacts:organisation_detail", args=[world.organisation.pk])
    delete = reverse("contacts:organisation_delete", args=[world.organisation.pk])
    assert delete in client_for(manager).get(detail).content.decode()
    assert delete not in client_for(team_member).get(detail).content.decode()
    assert client_for(team_member).post(delete).status_code == 403
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


def test_a_person_with_records_is_not_deleted_one_without_is(manager: Any, world: World) -> None:
    blocked = reverse("contacts:person_delete", args=[world.person.pk])
    assert client_for(manager).post(blocked).status_code == 409
    assert "anonimiz" in client_for(manager).get(blocked).content.decode()
    loose = PersonFactory(first_name="Jan", last_name="Pomyłkowy")
    detail = client_for(manager).get(reverse("contacts:person_detail", args=[loose.pk]))
    url = reverse("contacts:person_delete", args=[loose.pk])
    assert url in detail.content.decode()
    assert client_for(manager).post(url).status_code == 302
    assert not Person.objects.filter(pk=loose.pk).exists()


def test_deleting_an_event_says_its_registrations_go_and_its_tasks_stay(
    manager: Any, team_member: Any
) -> None:
    event = EventFactory(title="Targi Ekonomii Społecznej")
    OrganisationFactory.create_batch(2)
    for organisation in Organisation.objects.filter(pk__gt=0)[:2]:
        Participation.objects.create(event=event, organisation=organisation)
    task = FollowUp.objects.create(
        title="Podziękować wystawcom", due_on=timezone.localdate(), assignee=team_member,
        event=event,
    )  # fmt: skip
    url = reverse("interactions:event_delete", args=[event.pk])
    page = client_for(manager).get(url).content.decode()
    assert "Razem z nim zostaną usunięte" in page and "<strong>2</strong>" in page
    assert "Zostaną, już bez powiązania" in page
    assert client_for(manager).post(url).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not Participation.objects.filter(event_id=event.pk).exists()
    task.refresh_from_db()
    assert task.event is None


def test_an_event_people_attended_is_not_deleted(manager: Any, world: World) -> None:
    world.participation.status = "attended"
    world.participation.save()
    url = reverse("interactions:event_delete", args=[world.event.pk])
    page = client_for(manager).get(url).content.decode()
    assert "Tego rekordu nie można usunąć" in page
    assert client_for(manager).post(url).status_code == 409
    assert Event.objects.filter(pk=world.event.pk).exists()


def _failed(user: Any, day: datetime.date) -> FollowUpDigest:
    follow_up_due(user, day)
    return FollowUpDigest.objects.create(
        user=user, date=day, status=DigestStatus.FAILED, attempts=6, follow_up_count=1,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )  # fmt: skip


def test_a_manager_sees_failed_reminders_and_sends_them_again(
    manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ewa = StaffFactory(first_name="Ewa", email="ewa@rops.example.pl")
    today = timezone.localdate()
    digest = _failed(ewa, today)
    url = reverse("interactions:failed_digest_list")
    page = client_for(manager).get(url).content.decode()
    assert "Connection unexpectedly closed" in page and "ewa@rops.example.pl" in page
    tasks_page = client_for(manager).get(reverse("interactions:followup_list")).content.decode()
    assert url in tasks_page  # reached from the tasks
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(url, {"digest": [digest.pk]}, follow=True)
    assert "1 e-mail ponownie w kolejce" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[ewa.email]]
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert "Connection unexpectedly closed" not in client_for(manager).get(url).content.decode()


def test_an_old_failed_reminder_covered_by_a_later_one_is_not_offered(manager: Any) -> None:
    ewa = StaffFactory(email="ewa@rops.example.pl")
    today = timezone.localdate()
    old = _failed(ewa, today - datetime.timedelta(days=1))
    FollowUpDigest.objects.create(
        user=ewa, date=today, status=DigestStatus.SENT, sent_at=timezone.now()
    )
    page = client_for(manager).get(reverse("interactions:failed_digest_list")).content.decode()
    assert f'value="{old.pk}"' not in page
    assert "późniejszy e-mail zawierał te zadania" in page


@pytest.mark.parametrize("role", ["team_member", "owes_partner", "viewer"])
def test_only_managers_open_failed_reminders_and_the_action_log(
    role: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("interactions:failed_digest_list")).status_code == 403
    assert client.get(reverse("audit:action_log")).status_code == 403


def test_the_action_log_filters_by_person_action_record_and_day(
    manager: Any, team_member: Any
) -> None:
    from interactions.services import follow_up_create, follow_up_update

    task = follow_up_create(actor=team_member, title="Zadzwonić do KGW", in_days=3)
    follow_up_update(actor=manager, follow_up=task, due_on=timezone.localdate())
    OrganisationFactory()  # an entry of nobody's
    ActionLog.objects.create(actor=manager, verb="contacts.organisation.created")
    url = reverse("audit:action_log")
    client = client_for(manager)
    page = client.get(url, {"actor": team_member.pk}).content.decode()
    assert "interactions.follow_up.created" in page
    assert "interactions.follow_up.updated" not in page
    page = client.get(url, {"verb": "updated"}).content.decode()
    assert "interactions.follow_up.updated" in page and "follow_up.created" not in page
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(FollowUp)
    page = client.get(url, {"kind": kind.pk, "object_id": task.pk}).content.decode()
    assert "1 wpis" in page or "2 wpisy" in page
    assert "contacts.organisation.created" not in page
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.get(url, {"since": tomorrow.isoformat()}).content.decode()
    assert "Nic w dzienniku" in page
    bad = client.get(url, {"since": "2026-12-31", "until": "2026-01-01"})
    assert bad.status_code == 200 and "Koniec jest przed początkiem" in bad.content.decode()
    # Managers find it in the navigation.
    assert url in client.get(reverse("home")).content.decode()
