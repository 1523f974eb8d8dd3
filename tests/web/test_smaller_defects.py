"""Issue 14's smaller defects, each seen by a user: one test each that failed before the fix."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from interactions.models import Interaction
from tests.contacts.factories import OrganisationFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_the_organisation_notes_are_shown_on_its_page(world: World, manager: Any) -> None:
    world.organisation.notes = "Prezes prosi o kontakt po 15:00.\nWniosek w KRS w toku."
    world.organisation.save()
    page = client_for(manager).get(
        reverse("contacts:organisation_detail", args=[world.organisation.pk])
    )
    html = page.content.decode()
    assert 'data-testid="organisation-notes"' in html
    assert "Prezes prosi o kontakt po 15:00.<br>Wniosek w KRS w toku." in html


def _contact(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "consultation",
        "occurred_on": timezone.localdate().isoformat(),
        "organisation": world.organisation.name,
        "subject": "Rozmowa o dotacji",
    }
    data.update(overrides)
    return data


def test_a_contact_dated_in_the_future_is_refused_next_to_the_date(
    world: World, team_member: Any
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = Interaction.objects.count()
    response = client_for(team_member).post(
        reverse("interactions:interaction_create"), _contact(world, occurred_on=tomorrow)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kontakt nie może mieć daty z przyszłości" in html
    assert Interaction.objects.count() == before


def test_the_api_refuses_a_contact_in_the_future_too(world: World, team_member: Any) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(team_member)
    when = timezone.now() + datetime.timedelta(days=3)
    response = client.post(
        "/api/v1/interactions/",
        {
            "kind": "consultation",
            "subject": "Plan",
            "occurred_at": when.isoformat(),
            "organisations": [world.organisation.pk],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 400, response.content
    assert "przyszłości" in response.content.decode()


def test_the_preset_organisation_shows_by_name_and_its_id_rides_hidden(
    world: World, team_member: Any
) -> None:
    url = reverse("interactions:interaction_create") + f"?organisation={world.organisation.pk}"
    html = client_for(team_member).get(url).content.decode()
    assert f"#{world.organisation.pk}" not in html
    assert f'value="{world.organisation.name}"' in html.replace("&quot;", '"')
    assert f'name="organisation_id" value="{world.organisation.pk}"' in html


def test_a_picked_organisation_is_the_one_saved_among_namesakes(
    world: World, team_member: Any
) -> None:
    twin = OrganisationFactory(name=world.organisation.name, town="Bielsk Podlaski")
    response = client_for(team_member).post(
        reverse("interactions:interaction_create"),
        _contact(world, organisation_id=twin.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Interaction.objects.latest("pk")
    assert list(saved.organisations.values_list("pk", flat=True)) == [twin.pk]


def test_several_matches_offer_each_candidate_as_a_button_to_pick(
    world: World, team_member: Any
) -> None:
    twin = OrganisationFactory(name=world.organisation.name, town="Bielsk Podlaski")
    response = client_for(team_member).post(
        reverse("interactions:interaction_create"), _contact(world, organisation="Żubrowe")
    )
    html = response.content.decode()
    assert response.status_code == 200
    for organisation in (world.organisation, twin):
        assert f'data-pick-id="{organisation.pk}"' in html


def test_the_left_on_column_holds_a_date_or_a_dash_never_a_member_badge(
    world: World, manager: Any
) -> None:
    html = (
        client_for(manager)
        .get(reverse("contacts:organisation_detail", args=[world.organisation.pk]))
        .content.decode()
    )
    section = html.split('id="h-networks"')[1].split("</section>")[0]
    left_cells = re.findall(r'data-label="Wystąpienie">(.*?)</td>', section, re.S)
    assert left_cells and all("badge" not in cell for cell in left_cells)
    assert "członek" in section  # the status says it, in a column of its own


def test_the_network_chart_says_it_shows_six_of_more_networks(world: World, manager: Any) -> None:
    from tests.networks.factories import MembershipFactory, NetworkFactory

    for n in range(8):  # nine open networks with the world's one
        MembershipFactory(
            organisation=world.organisation, network=NetworkFactory(name=f"Sieć nr {n}")
        )
    html = client_for(manager).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Członkowie 6 największych z 9 sieci" in html


def test_the_growth_chart_of_a_network_takes_a_period_and_a_range(
    world: World, manager: Any
) -> None:
    url = reverse("networks:network_detail", args=[world.network.pk])
    client = client_for(manager)
    default = client.get(url, HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert 'data-testid="growth-choice"' in default
    assert "na koniec każdego kwartału" in default
    years = client.get(url + "?interval=year&range=5", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "na koniec każdego roku" in years
    this_year = str(timezone.localdate().year)
    assert f'<th scope="row">{timezone.localdate().year - 4}</th>' in years
    assert f'<th scope="row">{this_year}</th>' in years
    months = client.get(url + "?interval=month&range=1", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert f"01.{this_year}" in months
