"""Issue 14's smaller defects that only a browser shows: picking among namesakes from a form
error, the graph's tables at 1366 px, and the pages at 360 px (phone)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from crm.models import Gmina, Role, User
from interactions.models import Event, Interaction, Participation
from networks.models import Partnership, PartnershipParty
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff(username: str, role: str = Role.TEAM) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, first_name="Ewa", last_name="Nowak"
    )


def test_a_candidate_in_the_form_error_is_picked_with_one_click(
    page: Any, live_server: Any
) -> None:
    _staff("ewa")
    first = OrganisationFactory(name="Fundacja Razem", town="Hajnówka")
    twin = OrganisationFactory(
        name="Fundacja Razem", gmina=Gmina.objects.filter(name="Sejny").first()
    )
    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/kontakty/nowy/")
    page.fill("#id_organisation", "Fundacja Razem")
    page.fill("#id_subject", "Rozmowa o partnerstwie")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    candidates = page.locator(".candidates button")
    assert candidates.count() == 2
    page.locator(f'.candidates button[data-pick-id="{twin.pk}"]').click()
    assert page.input_value("#id_organisation") == "Fundacja Razem"
    page.get_by_role("button", name="Zapisz", exact=True).click()
    page.wait_for_url(f"{live_server.url}/organizacje/{twin.pk}/**")
    saved = Interaction.objects.get(subject="Rozmowa o partnerstwie")
    assert list(saved.organisations.values_list("pk", flat=True)) == [twin.pk]
    assert first.pk != twin.pk


def test_the_graph_tables_are_not_clipped_at_1366_px(page: Any, live_server: Any) -> None:
    # The page shows the last graph drawn while a new one is prepared (crm.top.monitoring.facts);
    # on Redis that survives earlier tests, so start with none kept.
    cache.clear()
    _staff("maria", Role.MANAGER)
    names = ["Stowarzyszenie Przyjaciół Ziemi Szepietowskiej", "Spółdzielnia Socjalna „Dąb”"]
    organisations = [OrganisationFactory(name=n) for n in names]
    deal = Partnership.objects.create(
        title="Umowa", kind="cooperation", starts_on=timezone.localdate() - datetime.timedelta(30)
    )
    for organisation in organisations:
        PartnershipParty.objects.create(partnership=deal, organisation=organisation)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "maria")
    page.goto(f"{live_server.url}/graf/")
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.graph-rankings .table-wrap')]
             .filter(w => w.scrollWidth > w.clientWidth + 1).length"""
    )
    shoot(page, "graf-1366", full_page=True)
    assert clipped == 0
    assert page.locator(f'svg a[href="/organizacje/{organisations[0].pk}/"]').count() == 1


def test_at_360_px_nothing_overflows_the_menu_folds_and_the_filters_come_first(
    page: Any, live_server: Any
) -> None:
    _staff("ewa")
    organisation = OrganisationFactory(name="Koło Gospodyń Wiejskich „Podlaskie Jadło”")
    for n in range(4):
        OrganisationFactory(name=f"Fundacja numer {n}")
    event = Event.objects.create(
        kind="study_visit",
        title="Wizyta studyjna: dobre praktyki ekonomii społecznej",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    Participation.objects.create(event=event, organisation=organisation)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url, "ewa")

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "wydarzenie-360", full_page=True)

    menu = page.locator(".navmenu > summary")
    assert menu.is_visible() and "Wydarzenia" in menu.inner_text()
    links = page.locator(".navmenu a")
    assert links.count() >= 10
    assert not links.last.is_visible()  # folded
    menu.click()
    for n in range(links.count()):  # every item, none hidden off the edge
        box = links.nth(n).bounding_box()
        assert links.nth(n).is_visible() and box is not None and box["x"] + box["width"] <= 360

    page.goto(f"{live_server.url}/organizacje/")
    filters = page.locator(".filters-toggle > summary")
    first_card = page.locator("#results table tbody tr").first
    assert filters.is_visible()
    assert filters.bounding_box()["y"] < first_card.bounding_box()["y"]
    filters.click()
    assert page.locator("#f-search").is_visible()
    shoot(page, "organizacje-360")
