"""The header's one box in a real browser: suggestions grouped by kind as one types, Enter opens
every result grouped and counted, "show all" the kind's own list; a viewer finds no people."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from crm.audit.models import AccessLog
from crm.models import Role, User
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory
from tests.search.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _keep(path: Path) -> None:
    target = Path("/tmp/search_shots")
    target.mkdir(exist_ok=True)
    shutil.copy(path, target / path.name)


def test_typing_in_the_header_finds_every_kind_and_show_all_opens_the_list(
    page: Any, live_server: Any
) -> None:
    world = build_world()
    for n in range(11):
        OrganisationFactory(name=f"Spółdzielnia Socjalna „Łomżyca {n}”")
    User.objects.create_user(username="tomasz", password=PASSWORD, role=Role.TEAM)
    sign_in(page, live_server.url, "tomasz")

    page.goto(f"{live_server.url}/wydarzenia/")  # the box is on every page
    page.fill("#topsearch-q", "lomz")
    suggestions = page.locator("#topsearch-list")
    expect(suggestions.locator("li.suggest-group").first).to_have_text("Organizacje")
    expect(suggestions.locator("li.suggest-group")).to_have_text(
        ["Organizacje", "Wydarzenia", "Sieci", "Partnerstwa"]
    )
    expect(suggestions.locator("a.suggest-all")).to_have_text("Wszystkie wyniki dla „lomz”")
    assert "Targi Ekonomii Społecznej w Łomży" in suggestions.inner_text()
    _keep(shoot(page, "search-01-suggestions"))

    # Arrow keys walk the suggestions (not the headings); Enter opens the one chosen.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/organizacje/*/")

    # Enter without choosing opens every result, grouped by kind with a count each.
    page.fill("#topsearch-q", "lomz")
    expect(suggestions.locator("a.suggest-all")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/szukaj/?q=lomz")
    expect(page.locator("h1")).to_have_text("Szukaj")
    expect(page.get_by_test_id("search-total")).to_have_text("15 wyników dla „lomz”")
    expect(page.get_by_test_id("count-organisations")).to_have_text("(12)")
    expect(page.get_by_test_id("group-organisations").locator(".hits li")).to_have_count(10)
    assert "people" not in page.content().split('data-testid="group-')[1:]
    _keep(shoot(page, "search-02-results-team", full_page=True))

    page.get_by_role("link", name="Pokaż wszystkie na liście (12)").click()
    page.wait_for_url(f"{live_server.url}/organizacje/?search=lomz")
    expect(page.get_by_test_id("result-count")).to_have_text("12 organizacji")

    # A person found is shown with where they work, and logged as seen.
    page.goto(f"{live_server.url}/szukaj/?q=lucja")
    people = page.get_by_test_id("group-people")
    expect(people).to_contain_text("Zalewska Łucja")
    expect(people).to_contain_text("Zakład Aktywności Zawodowej „Łomżanka” — kierowniczka")
    assert AccessLog.objects.filter(person_id=world.person.pk, what="search").exists()

    # On a phone the results page fits the screen.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/szukaj/?q=lomz")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _keep(shoot(page, "search-03-results-phone", full_page=True))


def test_a_viewer_searches_without_people(page: Any, live_server: Any) -> None:
    build_world()
    User.objects.create_user(username="wiktor", password=PASSWORD, role=Role.VIEWER)
    sign_in(page, live_server.url, "wiktor")
    page.fill("#topsearch-q", "zalewsk")
    expect(page.locator("#topsearch-list a.suggest-all")).to_be_visible()
    page.keyboard.press("Enter")  # nothing chosen: the results page
    page.wait_for_url(f"{live_server.url}/szukaj/?q=zalewsk")
    expect(page.get_by_test_id("search-empty")).to_contain_text("Nic nie znaleziono")
    assert "Zalewska" not in page.content()
    page.fill("#s-q", "lomz")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/szukaj/?q=lomz")
    expect(page.get_by_test_id("group-organisations")).to_be_visible()
    expect(page.get_by_test_id("group-people")).to_have_count(0)
    _keep(shoot(page, "search-04-results-viewer", full_page=True))
    assert not AccessLog.objects.exists()
