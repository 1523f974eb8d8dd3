"""The public catalogue: only listed entities, never anything about a person."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from contacts.models import Affiliation, OrganisationKind, Person, SocialEnterpriseStatus
from crm.models import Gmina
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_data() -> dict[str, object]:
    listed = OrganisationFactory(
        name="Spółdzielnia Socjalna „Żubrowe Smaki”",
        is_public=True,
        offer="Catering, pieczywo regionalne i usługi porządkowe",
        website="https://zubrowe.example.pl",
        email="biuro@zubrowe.example.pl",
        phones=["+48856821122"],
    )
    north = OrganisationFactory(
        name="Fundacja Suwalska",
        kind=OrganisationKind.FOUNDATION,
        is_public=True,
        offer="Szkolenia",
        gmina=Gmina.objects.get(code="2063011"),
    )
    unlisted = OrganisationFactory(name="Spółdzielnia Niejawna", offer="Catering tajny")
    firm = OrganisationFactory(
        name="Firma Prywatna", kind=OrganisationKind.BUSINESS, is_public=True, offer="Catering"
    )
    closed = OrganisationFactory(
        name="Zamknięta KGW",
        kind=OrganisationKind.KGW,
        is_public=True,
        closed_on=datetime.date(2020, 1, 1),
        founded_on=datetime.date(2010, 1, 1),
    )
    # A person whose e-mail and phone the organisation also gave as its own: withheld.
    leaky = OrganisationFactory(
        name="Stowarzyszenie Z Prezesem",
        kind=OrganisationKind.ASSOCIATION,
        is_public=True,
        email="jan.kowalczyk@example.pl",
        phones=["+48502300400"],
    )
    people = [
        Person.objects.create(
            first_name="Jan",
            last_name="Kowalczyk",
            email="jan.kowalczyk@example.pl",
            phone="+48502300400",
        ),
        *[PersonFactory(first_name="Zofia") for _ in range(5)],
    ]
    for person, org in zip(people, [leaky, listed, north, unlisted, firm, closed], strict=True):
        Affiliation.objects.create(person=person, organisation=org, role="prezes", is_primary=True)
    return {
        "listed": listed,
        "north": north,
        "leaky": leaky,
        "hidden": [unlisted, firm, closed],
        "people": people,
    }


def _public_pages(client: Client, data: dict) -> list[str]:
    urls = [
        "/katalog/",
        "/katalog/?q=catering",
        "/katalog/?q=kowalczyk",
        "/katalog/?q=zofia",
        "/katalog/?offer=pieczywo&subregion=bielski",
        "/katalog/?kind=association",
        "/katalog/api.json",
        "/katalog/api.json?q=zubrowe",
    ]
    urls += [f"/katalog/{org.pk}/" for org in (data["listed"], data["north"], data["leaky"])]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    return bodies


def test_no_public_response_contains_a_persons_name_email_or_phone(catalogue_data: dict) -> None:
    client = Client()
    people = Person.objects.all()
    assert people.count() == 6
    for body in _public_pages(client, catalogue_data):
        for person in people:
            assert person.last_name not in body
            assert person.email not in body
        assert "502 300 400" not in body and "502300400" not in body


def test_unlisted_closed_and_non_pes_entities_never_appear(catalogue_data: dict) -> None:
    client = Client()
    for body in _public_pages(client, catalogue_data):
        for hidden in catalogue_data["hidden"]:
            assert hidden.name not in body
    for hidden in catalogue_data["hidden"]:
        assert client.get(f"/katalog/{hidden.pk}/").status_code == 404


def test_json_lists_the_public_contact_and_filters(catalogue_data: dict) -> None:
    client = Client()
    response = client.get("/katalog/api.json", {"offer": "catering"})
    assert response["Access-Control-Allow-Origin"] == "*"
    payload = json.loads(response.content)
    assert payload["count"] == 1
    [entry] = payload["results"]
    assert entry["name"] == "Spółdzielnia Socjalna „Żubrowe Smaki”"
    assert entry["email"] == "biuro@zubrowe.example.pl"
    assert entry["phones"] == ["+48 85 682 11 22"]
    assert entry["subregion"] == "bielski"
    suwalski = json.loads(client.get("/katalog/api.json?subregion=suwalski").content)
    assert [e["name"] for e in suwalski["results"]] == ["Fundacja Suwalska"]


def test_search_ignores_case_and_polish_diacritics(catalogue_data: dict) -> None:
    client = Client()
    for query in ("żubrowe", "ZUBROWE", "Zubrowe smaki"):
        body = client.get("/katalog/", {"q": query}).content.decode()
        assert "Żubrowe Smaki" in body, query
        assert "Fundacja Suwalska" not in body


def test_a_listed_social_enterprise_of_another_kind_appears(catalogue_data: dict) -> None:
    firm = catalogue_data["hidden"][1]
    SocialEnterpriseStatus.objects.create(
        organisation=firm, kind="statutory", granted_on=datetime.date(2024, 1, 1)
    )
    body = Client().get("/katalog/").content.decode()
    assert "Firma Prywatna" in body
