"""Merging two records of one person, the way organisations merge: the non-empty value is the
default, a choice is asked where both differ, e-mails/phones/notes are kept, every link moves,
a restriction of processing is carried, the merge is undone from the survivor's page, and
adding a person who is already recorded warns first."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Affiliation, Consent, Person, PersonMerge
from crm.audit.models import ActionLog
from interactions.models import Participation
from networks.models import Membership
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory, InteractionFactory
from tests.networks.factories import MembershipFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def _confirm(survivor: Person, duplicate: Person) -> str:
    return reverse("contacts:person_merge_confirm", args=[survivor.pk, duplicate.pk])


def _untouched(page: Any) -> dict[str, str]:
    """What the browser sends when "Scal" is pressed without touching anything."""
    form = page.context["form"]
    return {name: form[name].initial for name in form.fields if form[name].initial}


@pytest.fixture
def pair(db: None) -> tuple[Person, Person]:
    """The survivor holds a name only; the duplicate (another spelling) holds the contacts."""
    survivor = PersonFactory(first_name="Anna", last_name="Łukaszuk", email=None, phone="")
    duplicate = PersonFactory(
        first_name="Anna",
        last_name="Lukaszuk",
        email="a.lukaszuk@zubrowe.pl",
        phone="+48856821122",
        notes="Prezes od 2019 r.",
        informed_at=timezone.now() - datetime.timedelta(days=400),
    )
    return survivor, duplicate


def test_a_merge_with_the_defaults_keeps_the_contacts_and_moves_every_link(
    manager: Any, pair: tuple[Person, Person]
) -> None:
    survivor, duplicate = pair
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”")
    Affiliation.objects.create(person=duplicate, organisation=organisation, role="prezes")
    Affiliation.objects.create(person=survivor, organisation=organisation, role="prezes")
    event, other_event = EventFactory(), EventFactory()
    Participation.objects.create(event=event, person=survivor, organisation=organisation)
    Participation.objects.create(event=event, person=duplicate, organisation=organisation)
    Participation.objects.create(event=other_event, person=duplicate, status="attended")
    Consent.objects.create(
        person=duplicate, purpose="newsletter", given_on=datetime.date(2025, 3, 1)
    )
    contact = InteractionFactory()
    contact.people.add(duplicate)
    membership = MembershipFactory(organisation=organisation, representative=duplicate)
    client = client_for(manager)

    start = client.get(reverse("contacts:person_detail", args=[survivor.pk]))
    assert reverse("contacts:person_merge", args=[survivor.pk]) in start.content.decode()
    pick = client.get(reverse("contacts:person_merge", args=[survivor.pk])).content.decode()
    assert _confirm(survivor, duplicate) in pick  # the folded name finds "Lukaszuk"
    page = client.get(_confirm(survivor, duplicate))
    html = page.content.decode()
    assert "+48 85 682 11 22" in html and "a.lukaszuk@zubrowe.pl" in html
    # The spelling of the name differs: the page asks; nothing else needs a choice.
    response = client.post(_confirm(survivor, duplicate), _untouched(page))
    assert response.status_code == 400
    assert "wybierz, która zostaje" in response.content.decode()
    assert Person.objects.filter(pk=duplicate.pk).exists()

    response = client.post(_confirm(survivor, duplicate), {**_untouched(page), "name": "survivor"})

    assert response.status_code == 302
    survivor.refresh_from_db()
    assert str(survivor) == "Anna Łukaszuk"
    assert survivor.email == "a.lukaszuk@zubrowe.pl"
    assert survivor.phone == "+48856821122"
    assert "Prezes od 2019 r." in survivor.notes
    assert survivor.informed_at is not None
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Affiliation.objects.filter(person=survivor).count() == 1  # the clash was removed
    assert set(Participation.objects.filter(person=survivor).values_list("event", flat=True)) == {
        event.pk,
        other_event.pk,
    }
    assert Consent.objects.filter(person=survivor, purpose="newsletter").exists()
    assert list(contact.people.all()) == [survivor]
    assert Membership.objects.get(pk=membership.pk).representative_id == survivor.pk
    entry = ActionLog.objects.get(verb="contacts.person.merged")
    logged = str(entry.details)
    assert "ukaszuk" not in logged and "zubrowe" not in logged and "682" not in logged
    assert entry.details["duplicate"] == duplicate.pk


def test_two_different_e_mails_ask_and_the_other_one_goes_into_the_notes(manager: Any) -> None:
    survivor = PersonFactory(first_name="Jan", last_name="Kowalczyk", email="jan@gmina.pl")
    duplicate = PersonFactory(first_name="Jan", last_name="Kowalczyk", email="jk@owes.pl")
    client = client_for(manager)
    page = client.get(_confirm(survivor, duplicate))

    refused = client.post(_confirm(survivor, duplicate), _untouched(page))
    assert refused.status_code == 400
    assert Person.objects.filter(pk=duplicate.pk).exists()

    client.post(_confirm(survivor, duplicate), {"email": "survivor"})

    survivor.refresh_from_db()
    assert survivor.email == "jan@gmina.pl"
    assert "jk@owes.pl" in survivor.notes


def test_a_restriction_of_processing_is_carried_to_the_person_who_stays(manager: Any) -> None:
    survivor = PersonFactory(first_name="Ewa", last_name="Sidorska", email=None)
    duplicate = PersonFactory(
        first_name="Ewa",
        last_name="Sidorska",
        email=None,
        restricted=True,
        restricted_at=timezone.now() - datetime.timedelta(days=3),
        restriction_reason="kwestionuje prawidłowość danych",
    )
    client = client_for(manager)
    page = client.get(_confirm(survivor, duplicate)).content.decode()
    assert "kwestionuje prawidłowość danych" in page

    client.post(_confirm(survivor, duplicate), {})

    survivor.refresh_from_db()
    assert survivor.restricted
    assert survivor.restriction_reason == "kwestionuje prawidłowość danych"
    assert survivor.restricted_at is not None


def test_the_merge_is_undone_from_the_survivors_page(
    manager: Any, pair: tuple[Person, Person]
) -> None:
    survivor, duplicate = pair
    organisation = OrganisationFactory()
    Affiliation.objects.create(person=duplicate, organisation=organisation, role="skarbnik")
    client = client_for(manager)
    page = client.get(_confirm(survivor, duplicate))
    client.post(_confirm(survivor, duplicate), {**_untouched(page), "name": "survivor"})
    merge = PersonMerge.objects.get(survivor=survivor)
    detail = client.get(reverse("contacts:person_detail", args=[survivor.pk])).content.decode()
    undo = reverse("contacts:person_merge_undo", args=[survivor.pk, merge.pk])
    assert undo in detail

    response = client.post(undo, follow=True)

    assert "Scalenie cofnięte" in response.content.decode()
    back = Person.objects.get(pk=duplicate.pk)
    assert back.email == "a.lukaszuk@zubrowe.pl" and back.phone == "+48856821122"
    survivor.refresh_from_db()
    assert survivor.email is None and survivor.phone == ""
    assert Affiliation.objects.get(organisation=organisation).person_id == duplicate.pk
    assert ActionLog.objects.filter(verb="contacts.person.merge_undone").exists()


def test_the_team_neither_sees_nor_may_merge_people(
    team_member: Any, pair: tuple[Person, Person]
) -> None:
    survivor, duplicate = pair
    client = client_for(team_member)
    detail = client.get(reverse("contacts:person_detail", args=[survivor.pk])).content.decode()
    assert reverse("contacts:person_merge", args=[survivor.pk]) not in detail
    assert client.get(reverse("contacts:person_merge", args=[survivor.pk])).status_code == 403
    assert client.post(_confirm(survivor, duplicate), {"name": "survivor"}).status_code == 403
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_adding_a_person_already_recorded_warns_and_offers_the_existing_one(
    team_member: Any,
) -> None:
    organisation = OrganisationFactory()
    existing = PersonFactory(first_name="Łucja", last_name="Żukowska", phone="+48502300400")
    url = reverse("contacts:person_add", args=[organisation.pk])
    data = {
        "first_name": "lucja",
        "last_name": "ZUKOWSKA",
        "email": "",
        "phone": "502 300 400",
        "legal_basis": "public_task",
        "source": "spotkanie",
        "role": "członkini zarządu",
    }
    client = client_for(team_member)

    warned = client.post(url, data)

    html = warned.content.decode()
    assert "Ta osoba może już być w bazie" in html
    assert reverse("contacts:person_detail", args=[existing.pk]) in html
    assert Person.objects.count() == 1
    other_name = client.post(url, {**data, "first_name": "Maria"})
    assert other_name.status_code == 302  # same phone, another name: another person
    saved = client.post(url, {**data, "confirm_duplicate": "1"})
    assert saved.status_code == 302
    assert Person.objects.count() == 3


def test_anonymising_the_survivor_erases_the_merged_records_data_too(manager: Any) -> None:
    from contacts.services import person_anonymise

    survivor = PersonFactory(first_name="Jan", last_name="Kowalczyk", email="jan@gmina.pl")
    duplicate = PersonFactory(
        first_name="Jan", last_name="Kowalczyk", email="jk@owes.pl", phone="+48502300400"
    )
    client = client_for(manager)
    client.post(_confirm(survivor, duplicate), {"email": "survivor", "phone": "duplicate"})
    assert PersonMerge.objects.filter(survivor=survivor).exists()

    person_anonymise(actor=manager, person=Person.objects.get(pk=survivor.pk))

    assert not PersonMerge.objects.exists()  # nothing left to undo into
    history = Person.history.all()  # type: ignore[attr-defined]
    assert not history.filter(email__in=["jk@owes.pl", "jan@gmina.pl"]).exists()
    assert not history.filter(last_name="Kowalczyk").exists()
    assert not Person.objects.filter(notes__contains="jk@owes.pl").exists()
