"""Saved views of the organisation list: mine, or shared with the team."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crm.lists.models import SavedView
from tests.web.conftest import World, client_for


@pytest.mark.django_db
def test_saving_the_current_filters_under_a_name_and_opening_them_again(
    team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    response = client.post(
        reverse("lists:saved_view_create", args=["organisations"]),
        {"name": "PES bielski", "query": "subregion=bielski&kind=social_cooperative&page=3"},
    )
    view = SavedView.objects.get()
    assert view.query == "subregion=bielski&kind=social_cooperative"  # no page number kept
    assert response["Location"].endswith("?" + view.query)
    page = client.get(response["Location"]).content.decode()
    assert "PES bielski" in page and world.organisation.name in page


@pytest.mark.django_db
def test_a_shared_view_is_seen_by_colleagues_a_personal_one_is_not(
    team_member: Any, manager: Any
) -> None:
    SavedView.objects.create(
        owner=team_member, list_key="organisations", name="Moje PS", query="ps_status=true"
    )
    SavedView.objects.create(
        owner=team_member,
        list_key="organisations",
        name="Dla zespołu",
        query="active=true",
        is_shared=True,
    )
    html = client_for(manager).get(reverse("contacts:organisation_list")).content.decode()
    assert "Dla zespołu" in html and "Moje PS" not in html


@pytest.mark.django_db
def test_only_the_owner_removes_a_view(team_member: Any, manager: Any) -> None:
    view = SavedView.objects.create(
        owner=team_member, list_key="organisations", name="Wspólny", query="", is_shared=True
    )
    response = client_for(manager).post(reverse("lists:saved_view_delete", args=[view.pk]))
    assert response.status_code == 403
    client_for(team_member).post(reverse("lists:saved_view_delete", args=[view.pk]))
    assert not SavedView.objects.exists()
