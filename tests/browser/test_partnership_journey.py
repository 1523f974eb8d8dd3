"""Recording a partnership in a real browser: the amount typed the Polish way, then a party."""

from __future__ import annotations

from typing import Any

import pytest

from networks.models import Partnership
from tests.browser.conftest import shoot, sign_in
from tests.browser.test_journeys import staff
from tests.contacts.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_partnership_is_recorded_with_a_polish_amount_and_gets_a_second_party(
    page: Any, live_server: Any
) -> None:
    staff()
    OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”", town="Hajnówka")
    OrganisationFactory(name="Fundacja Szansa")
    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/partnerstwa/")
    page.click("a[href='/partnerstwa/nowe/']")
    page.fill("#id_title", "Catering szkolny z klauzulą społeczną")
    page.select_option("#id_kind", "social_clause")
    page.fill("#id_starts_on", "2026-02-01")
    page.fill("#id_value_pln", "12 500,00")
    page.fill("#id_organisation", "Spółdzielnia Socjalna „Żubrowe Smaki”")
    page.select_option("#id_role", "contractor")
    shoot(page, "07-nowe-partnerstwo")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Catering szkolny')")
    facts = page.locator("dl.facts").inner_text()
    assert "12\u00a0500,00\u00a0zł" in facts or "12 500,00 zł" in facts
    assert "Żubrowe Smaki" in page.locator("section:has(#h-parties)").inner_text()

    partnership = Partnership.objects.get()
    page.click(f"a[href='/partnerstwa/{partnership.pk}/nowa-strona/']")
    page.fill("#id_organisation", "Fundacja Szansa")
    page.select_option("#id_role", "funder")
    page.click("main button[type=submit]")
    page.wait_for_selector("section:has(#h-parties) >> text=Fundacja Szansa")
    shoot(page, "08-partnerstwo-ze-stronami")
    assert partnership.parties.count() == 2
