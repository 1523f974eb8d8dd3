"""Partnerships are recorded and edited on pages: through the services, Polish amounts and
errors, and buttons only for people who may."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from crm.audit.models import ActionLog
from networks.forms import PlnAmountField
from networks.models import Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory
from tests.web.conftest import World, client_for


def partnership_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Klauzula społeczna: catering szkolny",
        "kind": "social_clause",
        "starts_on": "2026-02-01",
        "ends_on": "2026-12-31",
        "value_pln": "12 500,00",
        "description": "Dostawa posiłków do szkół w Hajnówce.",
        "origin_event": str(world.event.pk),
        "origin_interaction": "",
        "organisation": f"{world.organisation.name} #{world.organisation.pk}",
        "role": "contractor",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12 500,00", Decimal("12500.00")),
        ("12\u00a0500,5", Decimal("12500.50")),
        ("12.500,00", Decimal("12500.00")),
        ("12500.00", Decimal("12500.00")),
        ("12 500 zł", Decimal("12500.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_amounts_are_read_as_people_in_poland_write_them(typed: str, amount: Decimal) -> None:
    assert PlnAmountField().clean(typed) == amount


@pytest.mark.django_db
def test_the_add_button_shows_for_the_team_and_not_for_a_viewer(
    team_member: Any, viewer: Any, world: World
) -> None:
    add_url = reverse("networks:partnership_create")
    assert (
        add_url
        in client_for(team_member).get(reverse("networks:partnership_list")).content.decode()
    )
    assert (
        add_url not in client_for(viewer).get(reverse("networks:partnership_list")).content.decode()
    )
    assert client_for(viewer).get(add_url).status_code == 403
    assert client_for(team_member).get(add_url).status_code == 200


@pytest.mark.django_db
def test_a_new_partnership_is_written_through_the_service_and_shown_with_its_party(
    team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    response = client.post(reverse("networks:partnership_create"), partnership_data(world))
    partnership = Partnership.objects.get(title="Klauzula społeczna: catering szkolny")
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:partnership_detail", args=[partnership.pk])
    assert partnership.value_pln == Decimal("12500.00")
    assert partnership.origin_event == world.event
    assert ActionLog.objects.filter(verb="networks.partnership.created").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "12\u00a0500,00\u00a0zł" in page or "12 500,00 zł" in page
    assert "Żubrowe Smaki" in page
    assert world.event.title in page


@pytest.mark.django_db
def test_a_wrong_amount_and_dates_out_of_order_are_reported_in_polish_next_to_the_fields(
    team_member: Any, world: World
) -> None:
    response = client_for(team_member).post(
        reverse("networks:partnership_create"),
        partnership_data(world, value_pln="dwanaście tysięcy", ends_on="2025-01-01"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index('id="field-ends_on"') :]
    assert "Koniec jest wcześniejszy niż początek." in field[: field.index("</div>")]
    field = html[html.index('id="field-value_pln"') :]
    field = field[: field.index("</div>")]
    assert 'class="errorlist"' in field
    assert 'value="dwanaście tysięcy"' in field  # nothing typed is lost
    assert not Partnership.objects.filter(title__startswith="Klauzula").exists()


@pytest.mark.django_db
def test_an_owes_partner_may_not_record_a_partnership_of_another_subregion(
    owes_partner: Any, world: World
) -> None:
    response = client_for(owes_partner).post(
        reverse("networks:partnership_create"),
        partnership_data(world, organisation=f"{world.other.name} #{world.other.pk}"),
    )
    assert response.status_code == 200
    assert not Partnership.objects.filter(title__startswith="Klauzula").exists()


@pytest.mark.django_db
def test_editing_changes_the_fields_and_keeps_the_polish_amount_in_the_form(
    manager: Any, world: World
) -> None:
    client = client_for(manager)
    url = reverse("networks:partnership_edit", args=[world.partnership.pk])
    form = client.get(url).content.decode()
    assert 'value="10\u00a0000,00"' in form
    response = client.post(
        url,
        {
            "title": "Umowa partnerska — aneks",
            "kind": "cooperation",
            "starts_on": "2024-01-01",
            "ends_on": "",
            "value_pln": "15 000,50",
            "description": "",
            "origin_event": "",
            "origin_interaction": "",
        },
    )
    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.title == "Umowa partnerska — aneks"
    assert world.partnership.value_pln == Decimal("15000.50")
    assert ActionLog.objects.filter(verb="networks.partnership.updated").exists()
    assert "Umowa partnerska — aneks" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_edit_and_party_buttons_are_hidden_from_a_viewer_who_gets_403(
    viewer: Any, world: World
) -> None:
    client = client_for(viewer)
    page = client.get(reverse("networks:partnership_detail", args=[world.partnership.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("networks:partnership_edit", args=[world.partnership.pk]) not in html
    assert reverse("networks:party_add", args=[world.partnership.pk]) not in html
    assert (
        client.get(reverse("networks:partnership_edit", args=[world.partnership.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("networks:party_add", args=[world.partnership.pk])).status_code == 403
    )
    party = world.partnership.parties.get()
    assert client.post(reverse("networks:party_remove", args=[party.pk])).status_code == 403
    assert PartnershipParty.objects.filter(pk=party.pk).exists()


@pytest.mark.django_db
def test_a_party_is_added_with_its_role_and_removed_again(team_member: Any, world: World) -> None:
    client = client_for(team_member)
    detail = reverse("networks:partnership_detail", args=[world.partnership.pk])
    response = client.post(
        reverse("networks:party_add", args=[world.partnership.pk]),
        {"organisation": f"{world.other.name} #{world.other.pk}", "role": "funder"},
    )
    assert response.status_code == 302
    party = world.partnership.parties.get(organisation=world.other)
    assert party.role == "funder"
    html = client.get(detail).content.decode()
    assert "Fundacja Suwalska" in html
    assert reverse("networks:party_remove", args=[party.pk]) in html

    response = client.post(reverse("networks:party_remove", args=[party.pk]))
    assert response.status_code == 302
    assert not world.partnership.parties.filter(organisation=world.other).exists()
    assert ActionLog.objects.filter(verb="networks.partnership.party_removed").exists()
    html = client.get(detail).content.decode()
    assert "Fundacja Suwalska" not in html[html.index('id="h-parties"') :]


@pytest.mark.django_db
def test_an_organisation_already_a_party_is_refused_in_polish(
    team_member: Any, world: World
) -> None:
    response = client_for(team_member).post(
        reverse("networks:party_add", args=[world.partnership.pk]),
        {"organisation": f"{world.organisation.name} #{world.organisation.pk}", "role": "lead"},
    )
    assert response.status_code == 200
    assert "Organizacja może być stroną tylko raz." in response.content.decode()
    assert world.partnership.parties.count() == 1


@pytest.mark.django_db
def test_the_last_party_cannot_be_removed(team_member: Any, world: World) -> None:
    party = world.partnership.parties.get()
    client = client_for(team_member)
    response = client.post(reverse("networks:party_remove", args=[party.pk]), follow=True)
    assert PartnershipParty.objects.filter(pk=party.pk).exists()
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("networks:party_remove", args=[party.pk]) not in html  # no button for it


@pytest.mark.django_db
def test_a_partnership_can_be_recorded_for_a_fresh_organisation_as_lead(
    manager: Any, world: World
) -> None:
    fresh = OrganisationFactory(name="Koło Gospodyń Wiejskich w Narwi")
    client_for(manager).post(
        reverse("networks:partnership_create"),
        partnership_data(
            world,
            organisation=f"{fresh.name} #{fresh.pk}",
            role="lead",
            origin_event="",
            starts_on=datetime.date(2026, 3, 1).isoformat(),
            ends_on="",
            value_pln="",
        ),
    )
    partnership = Partnership.objects.get(title__startswith="Klauzula")
    assert partnership.value_pln is None
    assert partnership.parties.get().role == "lead"


@pytest.mark.django_db
def test_the_organisation_page_offers_a_partnership_with_it_as_the_first_party(
    team_member: Any, viewer: Any, world: World
) -> None:
    detail = reverse("contacts:organisation_detail", args=[world.organisation.pk])
    link = f"{reverse('networks:partnership_create')}?organisation={world.organisation.pk}"
    assert link in client_for(team_member).get(detail).content.decode()
    assert link not in client_for(viewer).get(detail).content.decode()
    form = client_for(team_member).get(link).content.decode()
    # The name shown, the organisation's id in the hidden field beside it.
    assert f'value="{world.organisation.name}"' in form.replace("&quot;", '"')
    assert f'name="organisation_id" value="{world.organisation.pk}"' in form


@pytest.mark.django_db
def test_the_origin_event_is_offered_with_its_day(team_member: Any, world: World) -> None:
    form = client_for(team_member).get(reverse("networks:partnership_create")).content.decode()
    assert f"12.09.2026 · {world.event.title}" in form
