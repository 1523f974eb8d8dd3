"""Merging duplicates moves everything to the survivor; GDPR export and anonymisation."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from contacts.models import Affiliation, EmploymentSnapshot, Organisation, Person
from contacts.services import organisation_merge, person_anonymise, person_export
from crm.audit.models import ActionLog
from interactions.models import Interaction, Participation
from networks.models import Membership
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import MembershipFactory
from tests.web.conftest import World, client_for


@pytest.mark.django_db
def test_merging_moves_every_linked_row_to_the_survivor_and_logs_it(
    manager: Any, world: World
) -> None:
    survivor = world.organisation
    duplicate = OrganisationFactory(
        name="Spółdzielnia Socjalna Żubrowe Smaki", nip=None, krs="612345"
    )
    interaction = world.interaction
    interaction.organisations.add(duplicate)
    Affiliation.objects.create(person=world.person, organisation=duplicate, role="skarbnik")
    EmploymentSnapshot.objects.create(
        organisation=duplicate, as_of=datetime.date(2025, 12, 31), employees=5
    )
    other_network = MembershipFactory(organisation=duplicate).network
    Participation.objects.create(
        event=world.event, organisation=duplicate
    )  # a clash: survivor is there

    client = client_for(manager)
    page = client.get(
        reverse("contacts:organisation_merge_confirm", args=[survivor.pk, duplicate.pk])
    )
    assert "Scalanie dwóch rekordów" in page.content.decode()
    response = client.post(
        reverse("contacts:organisation_merge_confirm", args=[survivor.pk, duplicate.pk]),
        {
            name: ("duplicate" if name == "krs" else "survivor")
            for name in page.context["form"].fields
        },
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    survivor.refresh_from_db()
    assert survivor.krs == "0000612345"
    assert list(Interaction.objects.get(pk=interaction.pk).organisations.all()) == [survivor]
    assert Affiliation.objects.filter(organisation=survivor, role="skarbnik").exists()
    assert EmploymentSnapshot.objects.get(organisation=survivor).employees == 5
    assert Membership.objects.filter(organisation=survivor, network=other_network).exists()
    assert Participation.objects.filter(event=world.event).count() == 1
    entry = ActionLog.objects.get(verb="contacts.organisation.merged")
    assert entry.details["duplicate"] == duplicate.pk and entry.details["fields"] == ["krs"]
    assert survivor.history.filter(history_change_reason__contains="merged").exists()


@pytest.mark.django_db
def test_a_team_member_may_not_merge(team_member: Any, world: World) -> None:
    duplicate = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        organisation_merge(actor=team_member, survivor=world.organisation, duplicate=duplicate)
    assert Organisation.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.django_db
def test_the_export_holds_everything_about_the_person(manager: Any, world: World) -> None:
    world.interaction.people.add(world.person)
    response = client_for(manager).get(reverse("contacts:person_export", args=[world.person.pk]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["person"]["last_name"] == "Łukaszuk"
    assert data["contacts.affiliation"][0]["role"] == "prezes"
    assert data["interactions.interaction"][0]["subject"] == world.interaction.subject
    assert ActionLog.objects.filter(verb="contacts.person.exported").count() == 1
    assert person_export(actor=manager, person=world.person)["person"]["first_name"] == "Anna"


@pytest.mark.django_db
def test_anonymising_shows_what_goes_then_erases_the_name_and_its_history(
    manager: Any, world: World
) -> None:
    world.interaction.people.add(world.person)
    client = client_for(manager)
    url = reverse("contacts:person_anonymise", args=[world.person.pk])
    preview = client.get(url).content.decode()
    assert "Co zostanie usunięte" in preview and "Łukaszuk" in preview
    assert "Co zostaje" in preview
    assert client.post(url, {}).status_code == 200  # not without the confirmation
    client.post(url, {"confirm": "on"})
    person = Person.objects.get(pk=world.person.pk)
    assert person.anonymised_at is not None and person.email is None
    assert "Łukaszuk" not in person.last_name
    assert not person.history.filter(last_name="Łukaszuk").exists()
    assert Interaction.objects.get(pk=world.interaction.pk).people.get() == person
    assert Affiliation.objects.filter(person=person).exists()  # the statistics keep the role


@pytest.mark.django_db
def test_restricting_processing_is_recorded(manager: Any, world: World) -> None:
    url = reverse("contacts:person_restrict", args=[world.person.pk])
    client_for(manager).post(url, {"restricted": "1", "reason": " "})
    world.person.refresh_from_db()
    assert world.person.restricted is False  # art. 18 needs its reason
    client_for(manager).post(url, {"restricted": "1", "reason": "Kwestionuje poprawność danych"})
    world.person.refresh_from_db()
    assert world.person.restricted is True
    assert ActionLog.objects.filter(verb="contacts.person.restricted").exists()


@pytest.mark.django_db
def test_anonymise_service_refuses_a_team_member(team_member: Any, world: World) -> None:
    with pytest.raises(PermissionDenied):
        person_anonymise(actor=team_member, person=world.person)
    assert Person.objects.get(pk=world.person.pk).last_name == "Łukaszuk"
