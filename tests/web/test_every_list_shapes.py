"""Every list page people work with keeps its own columns, rows a page and saved views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from crm.audit.models import AccessLog
from crm.lists.models import SavedView
from crm.lists.registry import LISTS
from tests.web.conftest import World, client_for

# (list, its page, a column to hide)
PAGES: list[tuple[str, Callable[[World], str], str]] = [
    ("organisations", lambda w: reverse("contacts:organisation_list"), "nip"),
    ("people", lambda w: reverse("contacts:person_list"), "phone"),
    ("contact_log", lambda w: reverse("interactions:interaction_list"), "staff"),
    ("events", lambda w: reverse("interactions:event_list"), "place"),
    ("tasks", lambda w: reverse("interactions:followup_list"), "about"),
    ("networks", lambda w: reverse("networks:network_list"), "coordinator"),
    ("partnerships", lambda w: reverse("networks:partnership_list"), "value"),
    ("network_members", lambda w: reverse("networks:network_detail", args=[w.network.pk]), "role"),
]


def _headers(html: str) -> int:
    return html.count('<th scope="col"')


def test_every_registered_list_is_checked_here() -> None:
    assert {key for key, _page, _column in PAGES} == set(LISTS)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "page", "column"), PAGES, ids=[p[0] for p in PAGES])
def test_a_hidden_column_stays_hidden_on_every_list(
    key: str, page: Callable[[World], str], column: str, team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    url = page(world)
    before = client.get(url).content.decode()
    offered = [c.key for c in LISTS[key].columns if not c.fixed and c.default]
    assert f'name="column" value="{column}"' in before
    response = client.post(
        reverse("lists:list_settings", args=[key]),
        {"next": url, "page_size": "10", "column": [c for c in offered if c != column]},
    )
    assert response["Location"] == url
    after = client.get(url).content.decode()
    assert _headers(after) == _headers(before) - 1
    assert '<option value="10" selected>' in after


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "page"),
    [(key, page) for key, page, _column in PAGES if key != "network_members"],
    ids=[p[0] for p in PAGES if p[0] != "network_members"],
)
def test_a_view_saved_on_a_list_is_offered_there_only(
    key: str, page: Callable[[World], str], team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    url = page(world)
    response = client.post(
        reverse("lists:saved_view_create", args=[key]),
        {"next": url, "name": "Mój widok", "query": "kind=x&page=2&nonsense=1"},
    )
    view = SavedView.objects.get()
    assert view.list_key == key and "page" not in view.query and "nonsense" not in view.query
    assert response["Location"].startswith(url)
    assert "Mój widok" in client.get(url).content.decode()
    other = "events" if key != "events" else "networks"
    elsewhere = {k: p for k, p, _c in PAGES}[other](world)
    assert "Mój widok" not in client.get(elsewhere).content.decode()


@pytest.mark.django_db
def test_the_people_of_a_contact_are_shown_on_request_and_never_to_viewers(
    team_member: Any, viewer: Any, world: World
) -> None:
    world.interaction.people.add(world.person)
    url = reverse("interactions:interaction_list")
    team = client_for(team_member)
    assert "Łukaszuk" not in team.get(url).content.decode()
    team.post(
        reverse("lists:list_settings", args=["contact_log"]),
        {"next": url, "page_size": "25", "column": ["when", "kind", "people"]},
    )
    assert "Łukaszuk" in team.get(url).content.decode()
    assert AccessLog.objects.filter(user=team_member, person_id=world.person.pk).exists()
    watcher = client_for(viewer)
    watcher.post(
        reverse("lists:list_settings", args=["contact_log"]),
        {"next": url, "page_size": "25", "column": ["when", "kind", "people"]},
    )
    html = watcher.get(url).content.decode()
    assert world.interaction.subject in html
    assert "Łukaszuk" not in html and 'value="people"' not in html
