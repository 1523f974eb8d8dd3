"""Events are edited on a page and single people are registered for them, through the
services, with Polish errors, and only by those who may."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crm.audit.models import ActionLog
from interactions.models import Participation
from tests.contacts.factories import PersonFactory
from tests.web.conftest import World, client_for


def event_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "training",
        "title": "Szkolenie: zamówienia z klauzulą społeczną",
        "starts_on": "2026-10-05",
        "ends_on": "",
        "address": "ul. Mickiewicza 3, Białystok",
        "gmina": "",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_edit_and_register_person_buttons_show_only_to_those_who_may(
    team_member: Any, viewer: Any, world: World
) -> None:
    detail = reverse("interactions:event_detail", args=[world.event.pk])
    edit = reverse("interactions:event_edit", args=[world.event.pk])
    register = reverse("interactions:event_register_person", args=[world.event.pk])
    html = client_for(team_member).get(detail).content.decode()
    assert edit in html and register in html
    html = client_for(viewer).get(detail).content.decode()
    assert edit not in html and register not in html
    assert client_for(viewer).get(edit).status_code == 403
    assert client_for(viewer).get(register).status_code == 403


@pytest.mark.django_db
def test_an_owes_partner_may_not_edit_an_event_outside_their_subregions(
    owes_partner: Any, world: World
) -> None:
    edit = reverse("interactions:event_edit", args=[world.event.pk])
    assert client_for(owes_partner).get(edit).status_code == 403
    assert client_for(owes_partner).post(edit, event_data()).status_code == 403


@pytest.mark.django_db
def test_editing_an_event_writes_through_the_service_and_shows_on_its_page(
    team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    response = client.post(reverse("interactions:event_edit", args=[world.event.pk]), event_data())
    assert response.status_code == 302
    world.event.refresh_from_db()
    assert world.event.title == "Szkolenie: zamówienia z klauzulą społeczną"
    assert world.event.kind == "training"
    assert ActionLog.objects.filter(verb="interactions.event.updated").exists()
    html = client.get(response["Location"]).content.decode()
    assert "Szkolenie: zamówienia z klauzulą społeczną" in html
    assert "05.10.2026" in html


@pytest.mark.django_db
def test_an_event_without_a_title_or_ending_before_it_starts_is_refused_in_polish(
    team_member: Any, world: World
) -> None:
    title = world.event.title
    response = client_for(team_member).post(
        reverse("interactions:event_edit", args=[world.event.pk]),
        event_data(ends_on="2026-10-01", title=""),
    )
    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index('id="field-title"') :]
    assert "To pole jest wymagane." in field[: field.index("</div>")]
    field = html[html.index('id="field-ends_on"') :]
    assert "Koniec jest wcześniejszy niż początek." in field[: field.index("</div>")]
    assert "Popraw zaznaczone błędy." in html
    world.event.refresh_from_db()
    assert world.event.title == title


@pytest.mark.django_db
def test_a_single_person_is_registered_and_listed_on_the_event_page(
    team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    url = reverse("interactions:event_register_person", args=[world.event.pk])
    form = client.get(url).content.decode()
    assert f"#{world.person.pk}" in form  # suggested: affiliated with a registered organisation
    response = client.post(
        url,
        {
            "person": f"Anna Łukaszuk #{world.person.pk}",
            "organisation": f"{world.organisation.name} #{world.organisation.pk}",
            "status": "registered",
        },
    )
    assert response.status_code == 302
    participation = Participation.objects.get(event=world.event, person=world.person)
    assert participation.organisation == world.organisation
    assert ActionLog.objects.filter(verb="interactions.participation.registered").exists()
    html = client.get(response["Location"]).content.decode()
    assert reverse("contacts:person_detail", args=[world.person.pk]) in html


@pytest.mark.django_db
def test_a_person_is_found_by_name_without_the_organisation(team_member: Any, world: World) -> None:
    lone = PersonFactory(first_name="Grzegorz", last_name="Wiśniewski")
    response = client_for(team_member).post(
        reverse("interactions:event_register_person", args=[world.event.pk]),
        {"person": "Grzegorz Wiśniewski", "organisation": "", "status": "attended"},
    )
    assert response.status_code == 302
    participation = Participation.objects.get(event=world.event, person=lone)
    assert participation.organisation is None
    assert participation.status == "attended"


@pytest.mark.django_db
def test_an_unknown_person_is_reported_next_to_the_field(team_member: Any, world: World) -> None:
    response = client_for(team_member).post(
        reverse("interactions:event_register_person", args=[world.event.pk]),
        {"person": "", "organisation": "", "status": "registered"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index('id="field-person"') :]
    assert "To pole jest wymagane." in field[: field.index("</div>")]
    response = client_for(team_member).post(
        reverse("interactions:event_register_person", args=[world.event.pk]),
        {"person": "Nikt Taki", "organisation": "", "status": "registered"},
    )
    html = response.content.decode()
    field = html[html.index('id="field-person"') :]
    assert 'class="errorlist"' in field[: field.index("</div>")]
    assert not Participation.objects.filter(event=world.event, person__isnull=False).exists()
