"""An OWES partner cannot take over another subregion's people (issue 13).

Scoping follows affiliations: tying a person of another subregion to an own organisation
would bring them into the partner's reach, and with them the right to edit them and to
download everything about them. The contact log must not name another subregion's records
either.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from contacts.models import Affiliation, Organisation, Person
from crm.models import Gmina
from interactions.models import Interaction
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.web.conftest import client_for as page_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def bialystok_person() -> Person:
    """A person tied only to an organisation in Białystok (subregion białostocki)."""
    organisation = OrganisationFactory(
        name="Stowarzyszenie Białostockie", gmina=Gmina.objects.get(code="2061011")
    )
    person = PersonFactory(first_name="Beata", last_name="Białostocka")
    Affiliation.objects.create(person=person, organisation=organisation, role="prezes")
    return person


def test_a_partner_cannot_tie_another_subregions_person_and_then_edit_them(
    api: Any, owes_partner: Any, org_a: Organisation, bialystok_person: Person
) -> None:
    client = api(owes_partner)
    tied = client.post(
        "/api/v1/affiliations/",
        {"person": bialystok_person.pk, "organisation": org_a.pk, "role": "członek"},
        format="json",
    )
    assert tied.status_code == 403, tied.content
    assert "innego subregionu" in tied.json()["message"]
    assert not Affiliation.objects.filter(person=bialystok_person, organisation=org_a).exists()
    edited = client.patch(
        f"/api/v1/people/{bialystok_person.pk}/", {"email": "przejete@example.pl"}, format="json"
    )
    assert edited.status_code == 403
    bialystok_person.refresh_from_db()
    assert bialystok_person.email != "przejete@example.pl"


def test_a_partner_ties_a_person_they_just_added(
    api: Any, owes_partner: Any, org_a: Organisation
) -> None:
    client = api(owes_partner)
    added = client.post("/api/v1/people/", {"last_name": "Nowicka"}, format="json")
    assert added.status_code == 201
    tied = client.post(
        "/api/v1/affiliations/",
        {"person": added.json()["id"], "organisation": org_a.pk, "role": "księgowa"},
        format="json",
    )
    assert tied.status_code == 201, tied.content
    edited = client.patch(
        f"/api/v1/people/{added.json()['id']}/", {"first_name": "Ewa"}, format="json"
    )
    assert edited.status_code == 200


def test_a_partner_cannot_log_a_contact_naming_another_subregions_organisation_or_person(
    api: Any, owes_partner: Any, org_a: Organisation, org_b: Organisation, bialystok_person: Person
) -> None:
    client = api(owes_partner)
    both = client.post(
        "/api/v1/interactions/",
        {"kind": "meeting", "subject": "Spotkanie", "organisations": [org_a.pk, org_b.pk]},
        format="json",
    )
    assert both.status_code == 403
    person = client.post(
        "/api/v1/interactions/",
        {
            "kind": "meeting",
            "subject": "Spotkanie",
            "organisations": [org_a.pk],
            "people": [bialystok_person.pk],
        },
        format="json",
    )
    assert person.status_code == 403
    assert not Interaction.objects.exists()


def test_the_gdpr_export_is_for_managers_and_partners_within_their_reach(
    api: Any,
    owes_partner: Any,
    team_member: Any,
    manager: Any,
    org_a: Organisation,
    bialystok_person: Person,
) -> None:
    own = PersonFactory(last_name="Hajnowska")
    Affiliation.objects.create(person=own, organisation=org_a, role="prezes")
    partner = page_client_for(owes_partner)
    assert (
        partner.get(reverse("contacts:person_export", args=[bialystok_person.pk])).status_code
        == 403
    )
    assert partner.get(reverse("contacts:person_export", args=[own.pk])).status_code == 200
    page = partner.get(reverse("contacts:person_detail", args=[bialystok_person.pk]))
    assert (
        reverse("contacts:person_export", args=[bialystok_person.pk]) not in page.content.decode()
    )
    assert api(owes_partner).get(f"/api/v1/people/{bialystok_person.pk}/export/").status_code == 403
    team = page_client_for(team_member)
    assert team.get(reverse("contacts:person_export", args=[own.pk])).status_code == 403
    export = api(manager).get(f"/api/v1/people/{bialystok_person.pk}/export/")
    assert export.status_code == 200
    assert export.json()["person"]["last_name"] == "Białostocka"
