"""Merging two duplicates in a real browser: the defaults keep every identifier, undo works.

The journey is counted (clicks and typing, page loads) for the issue's re-timing.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from contacts.models import Organisation
from crm.identifiers import format_nip
from crm.models import Gmina, Role, User
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory, valid_nip, valid_regon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merge_with_defaults_keeps_every_identifier_and_can_be_undone(
    page: Any, live_server: Any
) -> None:
    User.objects.create_user(username="maria", password=PASSWORD, role=Role.MANAGER)
    gmina = Gmina.objects.get(code="2005011")
    survivor = OrganisationFactory(name="Fundacja „Złota Rączka”", nip=None, gmina=gmina)
    nip, regon = valid_nip(9001), valid_regon(9001)
    duplicate = OrganisationFactory(
        name="Fundacja Złota Rączka",
        kind="foundation",
        nip=nip,
        regon=regon,
        krs="0000612345",
        street="ul. Lipowa 1",
        postal_code="17-200",
        town="Hajnówka",
        gmina=gmina,
        email="biuro@zlotaraczka.pl",
        phones=["+48856821122", "+48502300400"],
    )
    sign_in(page, live_server.url, "maria")
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    actions = 0
    started = time.monotonic()

    page.goto(f"{live_server.url}/organizacje/{survivor.pk}/")
    page.get_by_role("link", name="Scal duplikat").click()
    actions += 1
    row = page.locator("tr", has_text="Fundacja Złota Rączka")
    row.get_by_role("link", name="Porównaj i scal").click()
    actions += 1
    html = page.content()
    assert "social_cooperative" not in html and "['" not in html
    assert "+48 85 682 11 22, +48 502 300 400" in page.locator("main").inner_text()
    assert "„Fundacja „Złota" not in html
    # The kind and the name differ on both sides: the page asks; nothing else needs a click.
    page.get_by_role("button", name="Scal").click()
    actions += 1
    assert "wybierz, która zostaje" in page.locator("main").inner_text()
    shoot(page, "30-scalanie-wybierz")
    page.locator("#id_name_0").check()
    page.locator("#id_kind_1").check()
    actions += 2
    shoot(page, "31-scalanie-formularz", full_page=True)
    page.get_by_role("button", name="Scal").click()
    actions += 1
    elapsed = time.monotonic() - started
    assert page.url.endswith(f"/organizacje/{survivor.pk}/")
    facts = page.locator("main").inner_text()
    assert format_nip(nip) in facts and regon in facts and "0000612345" in facts
    assert "ul. Lipowa 1" in facts
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    shoot(page, "32-scalone", full_page=True)
    page_loads = len(loads)
    print(f"merge journey: {actions} actions, {page_loads} page loads, {elapsed:.1f} s")

    page.get_by_role("button", name="Cofnij scalenie").click()
    assert page.url.endswith(f"/organizacje/{duplicate.pk}/")
    assert format_nip(nip) in page.locator("main").inner_text()
    survivor.refresh_from_db()
    assert survivor.nip is None and survivor.regon is None
    assert page_loads <= 5 and actions <= 6
