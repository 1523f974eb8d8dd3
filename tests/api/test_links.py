"""Ties between organisations over the API: recorded, listed for one organisation either way,
ended; a second open tie is a 409."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisation-links/"


def test_a_tie_is_listed_for_both_organisations_and_ended(api: Any, manager: Any) -> None:
    client = api(manager)
    cis = OrganisationFactory(name="CIS w Siemiatyczach", kind="cis")
    gmina = OrganisationFactory(name="Gmina Siemiatycze", kind="jst_gmina")
    elsewhere = OrganisationFactory(name="Fundacja", kind="foundation")
    payload = {
        "organisation": cis.pk,
        "kind": "founded_by",
        "other": gmina.pk,
        "started_on": "2012-05-01",
    }
    created = client.post(URL, payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["other_name"] == "Gmina Siemiatycze"

    for side in (cis, gmina):
        rows = client.get(URL, {"organisation": side.pk}).json()["results"]
        assert [r["id"] for r in rows] == [created.json()["id"]]
    assert client.get(URL, {"organisation": elsewhere.pk}).json()["results"] == []

    again = client.post(URL, {**payload, "started_on": "2013-01-01"}, format="json")
    assert again.status_code == 409

    end = client.post(
        f"{URL}{created.json()['id']}/end/", {"ended_on": "2020-01-01"}, format="json"
    )
    assert end.status_code == 200
    assert client.get(URL, {"active_on": "2021-01-01"}).json()["results"] == []
    assert len(client.get(URL, {"active_on": "2019-01-01"}).json()["results"]) == 1


def test_owes_support_of_a_gmina_is_a_400_on_organisation(api: Any, manager: Any) -> None:
    owes = OrganisationFactory(kind="owes")
    gmina = OrganisationFactory(kind="jst_gmina")
    response = api(manager).post(
        URL,
        {"organisation": gmina.pk, "kind": "owes_support", "other": owes.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 400
    assert "PES" in response.json()["errors"]["organisation"][0]
