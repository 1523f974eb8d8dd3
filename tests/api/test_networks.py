"""Networks over the API: growth series, members-of history, joins and leaves via services."""

from __future__ import annotations

import datetime

import pytest

from crm.models import ActionLog
from networks.models import Membership
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_growth_series_counts_members_at_each_period_end(api, viewer, org_a, org_b):
    network = NetworkFactory(founded_on=D(2023, 1, 1))
    MembershipFactory(network=network, organisation=org_a, joined_on=D(2024, 2, 10))
    MembershipFactory(
        network=network, organisation=org_b, joined_on=D(2024, 1, 5), left_on=D(2024, 3, 1)
    )
    response = api(viewer).get(
        f"/api/v1/networks/{network.pk}/growth/",
        {"interval": "month", "from": "2024-01-01", "to": "2024-03-31"},
    )
    assert response.status_code == 200, response.content
    series = response.json()["series"]
    assert [(p["period_start"], p["active"], p["joins"], p["leaves"]) for p in series] == [
        ("2024-01-01", 1, 1, 0),
        ("2024-02-01", 2, 1, 0),
        ("2024-03-01", 1, 0, 1),
    ]


def test_growth_split_by_subregion(api, viewer, org_a, org_b):
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=org_a, joined_on=D(2024, 1, 1))
    MembershipFactory(network=network, organisation=org_b, joined_on=D(2024, 1, 1))
    body = (
        api(viewer)
        .get(
            f"/api/v1/networks/{network.pk}/growth/",
            {"interval": "year", "from": "2024-01-01", "to": "2024-12-31", "by": "subregion"},
        )
        .json()
    )
    assert {(p["group"], p["active"]) for p in body["series"]} == {("bielski", 1), ("suwalski", 1)}


def test_growth_rejects_bad_parameters_with_400(api, viewer):
    network = NetworkFactory()
    url = f"/api/v1/networks/{network.pk}/growth/"
    client = api(viewer)
    assert client.get(url, {"interval": "week"}).status_code == 400
    assert client.get(url, {"from": "2024-05-01", "to": "2024-01-01"}).status_code == 400
    assert client.get(url, {"from": "1000-01-01", "to": "2024-01-01"}).status_code == 400
    assert client.get(url, {"from": "not-a-date"}).json()["errors"].keys() == {"from"}


def test_members_of_lists_every_period_newest_first(api, viewer, org_a):
    first, second = NetworkFactory(), NetworkFactory()
    MembershipFactory(
        network=first, organisation=org_a, joined_on=D(2019, 1, 1), left_on=D(2020, 1, 1)
    )
    MembershipFactory(network=second, organisation=org_a, joined_on=D(2022, 1, 1))
    rows = api(viewer).get(f"/api/v1/organisations/{org_a.pk}/members-of/").json()["results"]
    assert [(r["network"], r["joined_on"], r["left_on"]) for r in rows] == [
        (second.pk, "2022-01-01", None),
        (first.pk, "2019-01-01", "2020-01-01"),
    ]
    assert api(viewer).get("/api/v1/organisations/999999/members-of/").status_code == 404


def test_join_and_leave_go_through_the_services(api, owes_partner, org_a):
    network = NetworkFactory()
    client = api(owes_partner)
    response = client.post(
        "/api/v1/memberships/",
        {"organisation": org_a.pk, "network": network.pk, "joined_on": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    membership_id = response.json()["id"]
    overlap = client.post(
        "/api/v1/memberships/",
        {"organisation": org_a.pk, "network": network.pk, "joined_on": "2024-06-01"},
        format="json",
    )
    assert overlap.status_code == 409, overlap.content
    left = client.post(
        f"/api/v1/memberships/{membership_id}/leave/", {"left_on": "2025-01-01"}, format="json"
    )
    assert left.status_code == 200, left.content
    assert Membership.objects.get(pk=membership_id).left_on == D(2025, 1, 1)
    assert ActionLog.objects.filter(verb="networks.membership.ended").count() == 1


def test_organisation_filter_by_network_and_member_on(api, viewer, org_a, org_b):
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=org_a, joined_on=D(2020, 1, 1))
    MembershipFactory(
        network=network, organisation=org_b, joined_on=D(2020, 1, 1), left_on=D(2021, 1, 1)
    )
    client = api(viewer)

    def ids(**params):
        return {r["id"] for r in client.get("/api/v1/organisations/", params).json()["results"]}

    assert ids(network=network.pk) == {org_a.pk}
    assert ids(network=network.pk, member_on="2020-06-01") == {org_a.pk, org_b.pk}
    assert ids(member_on="2021-01-01") == {org_a.pk}


def test_partnership_created_with_parties_and_status(api, team_member, org_a, org_b):
    response = api(team_member).post(
        "/api/v1/partnerships/",
        {
            "title": "Zlecenie usług cateringowych",
            "kind": "social_clause",
            "starts_on": "2020-01-01",
            "ends_on": "2020-12-31",
            "value_pln": "12500.00",
            "parties": [
                {"organisation": org_a.pk, "role": "contractor"},
                {"organisation": org_b.pk, "role": "funder"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "ended"
    assert {(p["organisation"], p["role"]) for p in body["parties"]} == {
        (org_a.pk, "contractor"),
        (org_b.pk, "funder"),
    }


def test_a_network_that_already_ended_can_be_recorded(api, team_member):
    client = api(team_member)
    body = {"name": "Sieć PES 2015–2019", "kind": "thematic", "founded_on": "2015-03-01"}

    created = client.post("/api/v1/networks/", {**body, "closed_on": "2019-12-31"}, format="json")
    backwards = client.post(
        "/api/v1/networks/",
        {**body, "name": "Odwrotnie", "closed_on": "2014-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert created.status_code == 201, created.content
    assert created.json()["closed_on"] == "2019-12-31"
    assert backwards.status_code == 400, backwards.content
