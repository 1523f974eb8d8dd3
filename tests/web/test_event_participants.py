"""An event's participants in bulk: absent ticked together, one removed by a manager, the
members of a network (or a filtered organisation list) registered in one action with a count,
and no attendance before the event."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crm.audit.models import ActionLog
from interactions.models import Participation, ParticipationStatus
from interactions.services.registration import participations_insert
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import MembershipFactory, NetworkFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _statuses(event: Any) -> dict[int, str]:
    return dict(Participation.objects.filter(event=event).values_list("pk", "status"))


def test_the_ticked_participants_are_marked_absent_together(team_member: Any) -> None:
    event = EventFactory()
    rows = [Participation.objects.create(event=event, person=PersonFactory()) for _ in range(3)]
    client = client_for(team_member)
    page = client.get(reverse("interactions:event_detail", args=[event.pk])).content.decode()
    assert "Oznacz zaznaczonych jako nieobecnych" in page

    response = client.post(
        reverse("interactions:event_mark_attended", args=[event.pk]),
        {"participation": [rows[0].pk, rows[2].pk], "status": "no_show"},
        follow=True,
    )

    assert "Oznaczono jako nieobecnych: 2." in response.content.decode()
    statuses = _statuses(event)
    assert statuses[rows[0].pk] == statuses[rows[2].pk] == ParticipationStatus.NO_SHOW
    assert statuses[rows[1].pk] == ParticipationStatus.REGISTERED
    assert ActionLog.objects.filter(verb="interactions.participation.marked_no_show").exists()


def test_attendance_of_an_event_that_has_not_started_is_refused(team_member: Any) -> None:
    event = EventFactory(starts_on=timezone.localdate() + datetime.timedelta(days=7))
    row = Participation.objects.create(event=event, person=PersonFactory())
    client = client_for(team_member)
    page = client.get(reverse("interactions:event_detail", args=[event.pk])).content.decode()
    assert "Oznacz zaznaczonych jako obecnych" not in page
    assert "Obecność zaznacza się od dnia wydarzenia" in page

    response = client.post(
        reverse("interactions:event_mark_attended", args=[event.pk]),
        {"participation": [row.pk], "status": "attended"},
        follow=True,
    )

    assert "Wydarzenie jeszcze się nie zaczęło" in response.content.decode()
    assert _statuses(event)[row.pk] == ParticipationStatus.REGISTERED
    api = client.patch(
        f"/api/v1/participations/{row.pk}/", {"status": "attended"}, content_type="application/json"
    )
    assert api.status_code == 400
    assert _statuses(event)[row.pk] == ParticipationStatus.REGISTERED


def test_a_manager_removes_a_participant_after_a_confirmation(
    manager: Any, team_member: Any, world: World
) -> None:
    url = reverse("interactions:participation_delete", args=[world.participation.pk])
    detail = reverse("interactions:event_detail", args=[world.event.pk])
    assert url in client_for(manager).get(detail).content.decode()
    assert url not in client_for(team_member).get(detail).content.decode()
    assert client_for(team_member).post(url).status_code == 403

    confirm = client_for(manager).get(url).content.decode()
    assert "Żubrowe Smaki" in confirm and world.event.title in confirm
    response = client_for(manager).post(url, follow=True)

    assert "Usunięto z listy uczestników." in response.content.decode()
    assert not Participation.objects.filter(pk=world.participation.pk).exists()
    assert world.organisation.pk  # the organisation stays
    assert ActionLog.objects.filter(verb="interactions.participation.deleted").exists()


def test_the_members_of_a_network_are_registered_in_one_action_with_a_count(
    team_member: Any,
) -> None:
    event = EventFactory()
    network = NetworkFactory(name="Podlaska Sieć KGW")
    members = [OrganisationFactory(name=f"KGW Babki {n:02}") for n in range(5)]
    for organisation in members:
        MembershipFactory(network=network, organisation=organisation)
    left = OrganisationFactory(name="KGW Dawne")
    MembershipFactory(
        network=network,
        organisation=left,
        joined_on=datetime.date(2019, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )
    outsider = OrganisationFactory(name="Fundacja Obok")
    person = PersonFactory()
    Participation.objects.create(event=event, organisation=members[0])
    Participation.objects.create(event=event, organisation=members[1], person=person)
    Participation.objects.create(event=event, organisation=outsider)
    url = reverse("interactions:event_register_organisations", args=[event.pk])
    client = client_for(team_member)

    preview = client.get(url, {"network": network.pk}).content.decode()
    assert "3 organizacje do zarejestrowania" in preview
    assert "2 już zarejestrowane" in preview
    assert "KGW Dawne" not in preview
    assert _statuses(event).__len__() == 3  # nothing written by looking

    response = client.post(f"{url}?network={network.pk}", follow=True)

    html = response.content.decode()
    assert "Zarejestrowano 3 organizacje. 2 były już zarejestrowane." in html
    registered = set(
        Participation.objects.filter(event=event).values_list("organisation_id", flat=True)
    )
    assert registered == {o.pk for o in members} | {outsider.pk}
    assert Participation.objects.filter(event=event, organisation=members[1]).count() == 1
    assert not Participation.objects.filter(event=event, organisation=left).exists()
    entry = ActionLog.objects.get(verb="interactions.participation.registered_many")
    assert entry.details == {"added": 3, "already": 2}

    again = client.post(f"{url}?network={network.pk}", follow=True).content.decode()
    assert "Wszystkie są już zarejestrowane." in again
    assert Participation.objects.filter(event=event).count() == 6


def test_the_organisations_of_a_filtered_list_are_registered_from_the_list(
    team_member: Any, viewer: Any
) -> None:
    event = EventFactory(starts_on=timezone.localdate() + datetime.timedelta(days=10))
    cooperatives = [
        OrganisationFactory(name=f"Spółdzielnia Socjalna {n}", kind="social_cooperative")
        for n in range(2)
    ]
    OrganisationFactory(name="Stowarzyszenie Inne", kind="association")
    client = client_for(team_member)
    listing = client.get(reverse("contacts:organisation_list"), {"kind": "social_cooperative"})
    pick = reverse("interactions:events_for_organisations") + "?kind=social_cooperative"
    assert pick in listing.content.decode().replace("&amp;", "&")

    events = client.get(pick).content.decode()
    target = (
        reverse("interactions:event_register_organisations", args=[event.pk])
        + "?kind=social_cooperative"
    )
    assert target in events.replace("&amp;", "&")
    response = client.post(target, follow=True)

    assert "Zarejestrowano 2 organizacje." in response.content.decode()
    assert set(
        Participation.objects.filter(event=event).values_list("organisation_id", flat=True)
    ) == {o.pk for o in cooperatives}
    assert client_for(viewer).post(target).status_code == 403


def test_registering_a_group_without_a_filter_is_refused(team_member: Any) -> None:
    event = EventFactory()
    OrganisationFactory()
    url = reverse("interactions:event_register_organisations", args=[event.pk])

    response = client_for(team_member).post(url)

    assert response.status_code == 400
    assert "Wybierz sieć" in response.content.decode()
    assert not Participation.objects.filter(event=event).exists()


def test_a_registration_made_meanwhile_is_a_message_and_nothing_is_half_written(
    team_member: Any,
) -> None:
    event = EventFactory()
    first, taken = OrganisationFactory(), OrganisationFactory()
    Participation.objects.create(event=event, organisation=taken)  # by someone else, since

    with pytest.raises(ValidationError) as raised:
        participations_insert(
            team_member,
            [Participation(event=event, organisation=o) for o in (first, taken)],
        )

    assert raised.value.code == "registered_meanwhile"
    assert not Participation.objects.filter(event=event, organisation=first).exists()
