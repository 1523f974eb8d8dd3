"""Lists read their rows their own way (plain values after the page is cut, codes and ids
without the related rows): what they show is what the record's detail shows, before and after
a change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crm.models import Gmina
from interactions.models import Event
from networks.models import PartyRole
from tests.api.conftest import GMINA_A, GMINA_B
from tests.interactions.factories import EventFactory
from tests.networks.factories import PartnershipFactory, PartnershipPartyFactory

pytestmark = pytest.mark.django_db


def _listed(client: Any, url: str) -> dict[int, dict[str, Any]]:
    response = client.get(url, {"page_size": 50})
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def _but_updated_at(row: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != "updated_at"}


def test_partnership_list_shows_parties_and_origin_as_the_detail_does(
    api, team_member, org_a, org_b
):
    event = EventFactory(gmina=org_a.gmina)
    partnership = PartnershipFactory(origin_event=event)
    PartnershipPartyFactory(partnership=partnership, organisation=org_b, role=PartyRole.PARTNER)
    PartnershipPartyFactory(partnership=partnership, organisation=org_a, role=PartyRole.LEAD)
    bare = PartnershipFactory()
    client = api(team_member)

    rows = _listed(client, "/api/v1/partnerships/")

    assert rows[partnership.pk]["parties"] == [
        {"organisation": org_a.pk, "organisation_name": org_a.name, "role": "lead"},
        {"organisation": org_b.pk, "organisation_name": org_b.name, "role": "partner"},
    ]
    assert (rows[partnership.pk]["origin_event"], rows[partnership.pk]["origin_interaction"]) == (
        event.pk,
        None,
    )
    assert (rows[bare.pk]["parties"], rows[bare.pk]["origin_event"]) == ([], None)
    for pk, row in rows.items():
        assert client.get(f"/api/v1/partnerships/{pk}/").json() == row
    changed = client.patch(
        f"/api/v1/partnerships/{partnership.pk}/", {"title": "Aneks"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert _but_updated_at(changed.json()) == {
        **_but_updated_at(rows[partnership.pk]),
        "title": "Aneks",
    }


def test_event_list_shows_gmina_codes_as_the_detail_does_and_after_a_move(api, team_member, org_a):
    placed = EventFactory(gmina=Gmina.objects.get(code=GMINA_A), organiser=org_a)
    nowhere = EventFactory()
    client = api(team_member)

    rows = _listed(client, "/api/v1/events/")

    assert (rows[placed.pk]["gmina"], rows[placed.pk]["organiser"]) == (GMINA_A, org_a.pk)
    assert (rows[nowhere.pk]["gmina"], rows[nowhere.pk]["organiser"]) == (None, None)
    for pk, row in rows.items():
        assert client.get(f"/api/v1/events/{pk}/").json() == row
    moved = client.patch(f"/api/v1/events/{placed.pk}/", {"gmina": GMINA_B}, format="json")
    cleared = client.patch(f"/api/v1/events/{nowhere.pk}/", {"gmina": None}, format="json")
    created = client.post(
        "/api/v1/events/",
        {"kind": "fair", "title": "Targi", "starts_on": "2026-06-06", "gmina": GMINA_A},
        format="json",
    )
    assert (moved.status_code, moved.json()["gmina"]) == (200, GMINA_B)
    assert (cleared.status_code, cleared.json()["gmina"]) == (200, None)
    assert (created.status_code, created.json()["gmina"]) == (201, GMINA_A)
    assert _listed(client, "/api/v1/events/")[placed.pk]["gmina"] == GMINA_B


def test_timestamps_are_shown_in_warsaw_time_summer_and_winter(api, team_member):
    summer, winter = EventFactory(), EventFactory()
    Event.objects.filter(pk=summer.pk).update(created_at=dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC))
    Event.objects.filter(pk=winter.pk).update(
        created_at=dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC)
    )

    rows = _listed(api(team_member), "/api/v1/events/")

    assert rows[summer.pk]["created_at"] == "2026-07-01T12:00:00+02:00"
    assert rows[winter.pk]["created_at"] == "2026-01-15T11:00:00+01:00"


def test_partnership_created_and_given_a_party_answers_the_parties_the_list_shows(
    api, team_member, org_a, org_b
):
    client = api(team_member)
    created = client.post(
        "/api/v1/partnerships/",
        {
            "title": "Klauzula społeczna",
            "kind": "social_clause",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "parties": [{"organisation": org_b.pk, "role": "partner"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]

    added = client.post(
        f"/api/v1/partnerships/{pk}/parties/",
        {"organisation": org_a.pk, "role": "lead"},
        format="json",
    )

    assert added.status_code == 200, added.content
    assert created.json()["parties"] == [
        {"organisation": org_b.pk, "organisation_name": org_b.name, "role": "partner"}
    ]
    assert added.json()["parties"] == [
        {"organisation": org_a.pk, "organisation_name": org_a.name, "role": "lead"},
        {"organisation": org_b.pk, "organisation_name": org_b.name, "role": "partner"},
    ]
    listed = _listed(client, "/api/v1/partnerships/")[pk]
    assert _but_updated_at(added.json()) == _but_updated_at(listed)
    assert client.get(f"/api/v1/partnerships/{pk}/").json() == listed
