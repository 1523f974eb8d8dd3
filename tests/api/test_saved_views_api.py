"""/api/v1/saved-views/: a person's own saved views of any list, through the same service."""

from __future__ import annotations

from typing import Any

import pytest

from crm.audit.models import ActionLog
from crm.lists.models import SavedView

pytestmark = pytest.mark.django_db
URL = "/api/v1/saved-views/"


def test_a_view_saved_over_the_api_keeps_only_the_lists_filters(api: Any, viewer: Any) -> None:
    response = api(viewer).post(
        URL,
        {"list": "organisations", "name": "PES bielski", "query": "subregion=bielski&page=4&x=1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["query"] == "subregion=bielski"
    assert response.json()["list"] == "organisations"
    assert ActionLog.objects.filter(verb="crm.saved_view.created").count() == 1


def test_only_my_own_views_are_listed_and_removable(
    api: Any, team_member: Any, manager: Any
) -> None:
    mine = SavedView.objects.create(owner=team_member, list_key="organisations", name="Moje")
    theirs = SavedView.objects.create(
        owner=manager, list_key="organisations", name="Zespołu", is_shared=True
    )
    client = api(team_member)
    names = [v["name"] for v in client.get(URL).json()["results"]]
    assert names == ["Moje"]
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert client.delete(f"{URL}{mine.pk}/").status_code == 204
    assert list(SavedView.objects.values_list("name", flat=True)) == ["Zespołu"]


def test_a_name_is_used_once_per_list_and_the_list_must_exist(api: Any, team_member: Any) -> None:
    client = api(team_member)
    first = {"list": "organisations", "name": "Spółdzielnie", "query": ""}
    assert client.post(URL, first, format="json").status_code == 201
    again = client.post(URL, first, format="json")
    assert again.status_code == 400 and "name" in again.json()["errors"]
    assert client.post(URL, {**first, "list": "events"}, format="json").status_code == 201
    unknown = client.post(URL, {**first, "list": "pesel"}, format="json")
    assert unknown.status_code == 400 and "list" in unknown.json()["errors"]


def test_the_saved_views_are_in_the_schema(api: Any, team_member: Any) -> None:
    schema = api(None).get("/api/schema/?format=json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/saved-views/"])
    assert "delete" in schema["paths"]["/api/v1/saved-views/{id}/"]
