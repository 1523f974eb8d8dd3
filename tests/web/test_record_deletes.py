"""Managers delete from the pages what was entered by mistake — networks, memberships,
affiliations, PS statuses, employment records — after a confirmation that says what goes with
it; the team sees no such link and is refused; a network with memberships is refused with a
link to them, as the service refuses it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from contacts.models import Affiliation, EmploymentSnapshot, Organisation, Person
from contacts.models import SocialEnterpriseStatus as PsStatus
from crm.audit.models import ActionLog
from networks.models import Membership, Network, Term
from tests.networks.factories import NetworkFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _delete_journey(
    manager: Any, team_member: Any, page: str, url: str, says: list[str], done: str
) -> str:
    """The link shows to the manager only; the team is refused; the manager confirms."""
    assert url in client_for(manager).get(page).content.decode()
    assert url not in client_for(team_member).get(page).content.decode()
    assert client_for(team_member).get(url).status_code == 403
    assert client_for(team_member).post(url).status_code == 403
    confirm = client_for(manager).get(url).content.decode()
    for text in says:
        assert text in confirm
    response = client_for(manager).post(url, follow=True)
    html = response.content.decode()
    assert done in html
    return html


def test_a_mistaken_membership_is_deleted_from_the_network_page(
    manager: Any, team_member: Any, world: World
) -> None:
    page = reverse("networks:network_detail", args=[world.network.pk])
    url = reverse("networks:membership_delete", args=[world.membership.pk])

    _delete_journey(
        manager,
        team_member,
        page,
        url,
        ["Żubrowe Smaki", "Podlaska Sieć PES", "Zakończ członkostwo"],
        "Członkostwo zostało usunięte.",
    )

    assert not Membership.objects.filter(pk=world.membership.pk).exists()
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()
    entry = ActionLog.objects.get(verb="networks.membership.deleted")
    assert entry.details["organisation"] == world.organisation.pk


def test_a_network_with_memberships_is_refused_and_one_without_goes_with_its_terms(
    manager: Any, team_member: Any, world: World
) -> None:
    url = reverse("networks:network_delete", args=[world.network.pk])
    blocked = client_for(manager).get(url).content.decode()
    assert "członkostwa (obecne i dawne)" in blocked
    assert 'data-testid="delete-confirm"' not in blocked
    assert client_for(manager).post(url).status_code == 409
    assert Network.objects.filter(pk=world.network.pk).exists()

    empty = NetworkFactory(name="Sieć wpisana przez pomyłkę")
    Term.objects.create(network=empty, label="2024–2027", starts_on=datetime.date(2024, 1, 1))
    page = reverse("networks:network_detail", args=[empty.pk])
    url = reverse("networks:network_delete", args=[empty.pk])
    html = _delete_journey(
        manager, team_member, page, url, ["Sieć wpisana przez pomyłkę"], "Sieć została usunięta."
    )

    assert "Sieć wpisana przez pomyłkę" not in html
    assert not Network.objects.filter(pk=empty.pk).exists()
    assert not Term.objects.filter(network_id=empty.pk).exists()
    assert ActionLog.objects.filter(verb="networks.network.deleted").exists()


def test_an_affiliation_is_deleted_from_the_person_page_and_both_stay(
    manager: Any, team_member: Any, world: World
) -> None:
    affiliation = Affiliation.objects.get(person=world.person)
    page = reverse("contacts:person_detail", args=[world.person.pk])
    url = reverse("contacts:affiliation_delete", args=[affiliation.pk]) + "?next=person"

    html = _delete_journey(
        manager,
        team_member,
        page,
        url,
        ["Anna Łukaszuk", "Żubrowe Smaki"],
        "Powiązanie zostało usunięte; osoba i organizacja zostają.",
    )

    assert "Nie jest powiązana z żadną organizacją." in html
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    assert Person.objects.filter(pk=world.person.pk).exists()
    assert ActionLog.objects.filter(verb="contacts.affiliation.deleted").exists()


def test_a_mistaken_ps_status_is_deleted_from_the_organisation_page(
    manager: Any, team_member: Any, world: World
) -> None:
    status = PsStatus.objects.get(organisation=world.organisation)
    page = reverse("contacts:organisation_detail", args=[world.organisation.pk])
    url = reverse("contacts:ps_status_delete", args=[status.pk])

    _delete_journey(
        manager,
        team_member,
        page,
        url,
        ["01.05.2023", "z datą utraty"],
        "Status PS został usunięty.",
    )

    assert not PsStatus.objects.filter(pk=status.pk).exists()
    assert ActionLog.objects.filter(verb="contacts.ps_status.deleted").exists()


def test_a_mistaken_employment_record_is_deleted_from_the_organisation_page(
    manager: Any, team_member: Any, world: World
) -> None:
    snapshot = EmploymentSnapshot.objects.create(
        organisation=world.organisation,
        as_of=datetime.date(2025, 12, 31),
        employees=7,
        employees_at_risk=4,
    )
    page = reverse("contacts:organisation_detail", args=[world.organisation.pk])
    url = reverse("contacts:employment_delete", args=[snapshot.pk])

    _delete_journey(
        manager,
        team_member,
        page,
        url,
        ["31.12.2025"],
        "Dane o zatrudnieniu zostały usunięte.",
    )

    assert not EmploymentSnapshot.objects.filter(pk=snapshot.pk).exists()
    entry = ActionLog.objects.get(verb="contacts.employment.deleted")
    assert entry.details["as_of"] == "2025-12-31"
