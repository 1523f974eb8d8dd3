"""/api/v1/search/: the page's groups and scoping over the API, documented in the schema."""

from __future__ import annotations

from typing import Any

import pytest

from crm.audit.models import AccessLog
from tests.api.conftest import client_for
from tests.search.conftest import World

pytestmark = pytest.mark.django_db


def search(user: Any, query: str) -> Any:
    return client_for(user).get("/api/v1/search/", {"q": query})


def by_kind(body: dict[str, Any]) -> dict[str, Any]:
    return {g["kind"]: g for g in body["groups"]}


def test_groups_with_counts_first_results_and_the_filtered_list(
    team_member: Any, world: World
) -> None:
    response = search(team_member, "lomz")
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "lomz"
    groups = by_kind(body)
    assert list(groups) == ["organisations", "people", "events", "networks", "partnerships"]
    assert groups["people"]["count"] == 0
    organisations = groups["organisations"]
    assert organisations["count"] == 1
    (first,) = organisations["results"]
    assert first["name"] == "Zakład Aktywności Zawodowej „Łomżanka”"
    assert first["url"] == f"http://testserver/api/v1/organisations/{world.zaklad.pk}/"
    assert first["page_url"] == f"http://testserver/organizacje/{world.zaklad.pk}/"
    assert organisations["list_url"] == "http://testserver/api/v1/organisations/?search=lomz"
    assert body["total"] == 4
    # The list it points to finds the same.
    listed = client_for(team_member).get(organisations["list_url"]).json()
    assert [o["id"] for o in listed["results"]] == [world.zaklad.pk]


def test_people_are_logged_and_restricted_ones_reach_only_managers(
    team_member: Any, manager: Any, world: World
) -> None:
    people = by_kind(search(team_member, "zalewska").json())["people"]
    assert [p["name"] for p in people["results"]] == ["Zalewska Łucja"]
    assert people["results"][0]["meta"] == ["Zakład Aktywności Zawodowej „Łomżanka” — kierowniczka"]
    assert list(AccessLog.objects.values_list("user_id", "person_id", "what")) == [
        (team_member.pk, world.person.pk, "search")
    ]
    assert by_kind(search(manager, "zalewska").json())["people"]["count"] == 2


def test_a_viewer_gets_no_people_group(viewer: Any, world: World) -> None:
    body = search(viewer, "zalewska").json()
    assert "people" not in by_kind(body)
    assert "Zalewska" not in str(body)
    assert not AccessLog.objects.exists()


def test_an_owes_partner_searches_what_they_may_read(owes_partner: Any, world: World) -> None:
    groups = by_kind(search(owes_partner, "lomz").json())
    assert groups["organisations"]["count"] == 1  # in another subregion: read, not changed
    assert by_kind(search(owes_partner, "lucja").json())["people"]["count"] == 1


@pytest.mark.parametrize("query", ["", "ab", "  a  b "])
def test_an_empty_or_too_short_query_is_a_400_on_q(team_member: Any, query: str) -> None:
    response = search(team_member, query)
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_anonymous_is_refused(world: World) -> None:
    assert search(None, "lomza").status_code == 401


def test_the_schema_documents_the_search(team_member: Any) -> None:
    schema = client_for(team_member).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q"]
    assert "SearchResults" in schema["components"]["schemas"]
