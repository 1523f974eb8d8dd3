"""Organisations over the API: search, filters, lookup, writes through the service."""

from __future__ import annotations

from typing import Any

import pytest

from contacts.models import Organisation
from crm.models import ActionLog
from tests.api.conftest import GMINA_A, GMINA_B
from tests.contacts.factories import OrganisationFactory, valid_nip

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/"


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    ["spoldzielnia zubrowe", "SPÓŁDZIELNIA żubrowe", "„Żubrowe Smaki”", "zubrowe smaki"],
)
def test_search_ignores_case_diacritics_and_quotes(api, viewer, org_a, org_b, query):
    assert names(api(viewer).get(URL, {"search": query})) == [org_a.name]


def test_search_finds_nip_in_any_spelling(api, viewer, org_a, org_b):
    nip = org_a.nip
    for spelling in (nip, f"PL{nip}", f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}", f" {nip} "):
        assert names(api(viewer).get(URL, {"search": spelling})) == [org_a.name], spelling


def test_search_finds_krs_without_leading_zeros_and_by_town(api, viewer, org_a, org_b):
    org_b.krs = "0000123456"
    org_b.save()
    assert names(api(viewer).get(URL, {"search": "123456"})) == [org_b.name]
    assert names(api(viewer).get(URL, {"search": "Augustów"})) == [org_b.name]


def test_filters_by_territory_codes_and_kind(api, viewer, org_a, org_b):
    client = api(viewer)
    assert names(client.get(URL, {"gmina": GMINA_B})) == [org_b.name]
    assert names(client.get(URL, {"powiat": GMINA_A[:4]})) == [org_a.name]
    assert names(client.get(URL, {"subregion": "bielski"})) == [org_a.name]
    assert names(client.get(URL, {"kind": "foundation"})) == [org_b.name]
    assert names(client.get(URL, {"sector": "pes", "ordering": "-name"})) == [
        org_a.name,
        org_b.name,
    ]


def test_unknown_filter_value_is_a_400_with_the_field(api, viewer, org_a):
    response = api(viewer).get(URL, {"gmina": "9999999", "ordering": "nonsense"})
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"gmina", "ordering"}
    assert body["message"]


def test_gmina_and_powiat_are_given_as_terc_codes(api, viewer, org_a):
    row = api(viewer).get(f"{URL}{org_a.pk}/").json()
    assert (row["gmina"], row["powiat"], row["subregion"]) == (GMINA_A, "2005", "bielski")


def test_page_size_is_capped(api, viewer):
    OrganisationFactory.create_batch(3)
    response = api(viewer).get(URL, {"page_size": 2})
    assert len(response.json()["results"]) == 2
    assert response.json()["count"] == 3
    response = api(viewer).get(URL, {"page_size": 100000})
    assert response.status_code == 200


def test_lookup_normalises_the_identifier(api, viewer, org_a, org_b):
    nip = org_a.nip
    response = api(viewer).get(f"{URL}lookup/", {"nip": f"PL {nip[:3]}-{nip[3:]}"})
    assert response.status_code == 200
    assert response.json()["id"] == org_a.pk
    assert api(viewer).get(f"{URL}lookup/", {"nip": valid_nip(999)}).status_code == 404
    bad = api(viewer).get(f"{URL}lookup/", {"nip": "123"})
    assert bad.status_code == 400
    assert "nip" in bad.json()["errors"]
    assert api(viewer).get(f"{URL}lookup/").status_code == 400


def test_create_goes_through_the_service_and_is_logged(api, team_member):
    nip = valid_nip(4242)
    response = api(team_member).post(
        URL,
        {
            "name": "Koło Gospodyń Wiejskich w Ząbkach",
            "kind": "kgw",
            "nip": f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
            "gmina": GMINA_A,
            "phones": ["85 123 45 67"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == nip
    assert body["created_by"] == team_member.pk
    assert body["subregion"] == "bielski"
    organisation = Organisation.objects.get(pk=body["id"])
    assert organisation.history.first().history_user == team_member
    assert ActionLog.objects.filter(
        verb="contacts.organisation.created", object_id=str(organisation.pk)
    ).exists()


def test_taken_nip_is_a_409_on_the_nip_field(api, team_member, org_a):
    nip = org_a.nip
    response = api(team_member).post(
        URL, {"name": "Duplikat", "kind": "association", "nip": f"PL{nip}"}, format="json"
    )
    assert response.status_code == 409, response.content
    assert list(response.json()["errors"]) == ["nip"]


def test_bad_nip_checksum_is_a_400_on_the_nip_field(api, team_member):
    response = api(team_member).post(
        URL, {"name": "Zła", "kind": "association", "nip": "1234567890"}, format="json"
    )
    assert response.status_code == 400
    assert "nip" in response.json()["errors"]


def test_read_only_fields_are_ignored_and_stay(api, manager, team_member, org_a):
    before = Organisation.objects.get(pk=org_a.pk)
    response = api(manager).patch(
        f"{URL}{org_a.pk}/",
        {
            "id": 999999,
            "created_by": team_member.pk,
            "created_at": "2001-01-01T00:00:00Z",
            "short_name": "Żubry",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    after = Organisation.objects.get(pk=org_a.pk)
    assert after.short_name == "Żubry"
    assert (after.pk, after.created_by_id, after.created_at) == (
        before.pk,
        before.created_by_id,
        before.created_at,
    )
    assert after.history.first().history_user == manager


def test_owes_partner_may_not_move_an_organisation_out_of_their_subregion(api, owes_partner, org_a):
    response = api(owes_partner).patch(f"{URL}{org_a.pk}/", {"gmina": GMINA_B}, format="json")
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.gmina.code == GMINA_A


def test_owes_partner_may_not_create_in_another_subregion(api, owes_partner):
    client = api(owes_partner)
    payload = {"name": "Nowa", "kind": "association"}
    assert client.post(URL, {**payload, "gmina": GMINA_B}, format="json").status_code == 403
    assert client.post(URL, {**payload, "gmina": GMINA_A}, format="json").status_code == 201
