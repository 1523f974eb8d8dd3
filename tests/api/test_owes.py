"""OWES accreditations over the API, and an organisation's "serves_subregions" read from them."""

from __future__ import annotations

from typing import Any

import pytest

from contacts.models import OwesAccreditation
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/owes-accreditations/"


def test_an_accreditation_is_recorded_filtered_and_serves_its_subregions(
    api: Any, manager: Any
) -> None:
    client = api(manager)
    owes = OrganisationFactory(name="OWES Bielsk", kind="owes")
    created = client.post(
        URL,
        {
            "organisation": owes.pk,
            "subregions": ["bielski", "lomzynski"],
            "decision_number": "DES-II.8040.3.2022",
            "valid_from": "2023-01-01",
            "valid_to": "2099-12-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["subregions"] == ["bielski", "lomzynski"]

    organisation = client.get(f"/api/v1/organisations/{owes.pk}/").json()
    assert organisation["serves_subregions"] == ["bielski", "lomzynski"]
    listed = client.get("/api/v1/organisations/", {"kind": "owes"}).json()["results"]
    assert listed[0]["serves_subregions"] == ["bielski", "lomzynski"]

    assert (
        len(client.get(URL, {"serves": "lomzynski", "valid_on": "2024-05-01"}).json()["results"])
        == 1
    )
    assert client.get(URL, {"valid_on": "2022-05-01"}).json()["results"] == []
    assert client.get(URL, {"organisation": owes.pk}).json()["count"] == 1


def test_a_subregion_served_by_another_owes_then_is_a_409_on_subregions(
    api: Any, manager: Any
) -> None:
    first = OrganisationFactory(name="OWES Pierwszy", kind="owes")
    accreditation = OwesAccreditation.objects.create(organisation=first)
    accreditation.subregions.set([1])
    second = OrganisationFactory(name="OWES Drugi", kind="owes")
    response = api(manager).post(
        URL,
        {
            "organisation": second.pk,
            "subregions": ["bialostocki", "bielski", "lomzynski", "suwalski"],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 409, response.content
    assert "OWES Pierwszy" in response.json()["errors"]["subregions"][0]


def test_a_foundation_is_not_accredited(api: Any, manager: Any) -> None:
    foundation = OrganisationFactory(kind="foundation")
    response = api(manager).post(
        URL, {"organisation": foundation.pk, "subregions": ["bielski"]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["organisation"]
