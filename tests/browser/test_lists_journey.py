"""Tags and bulk actions in a real browser, as the team prepares an invitation list: the whole
filtered result into a network in one action (with who was there already), a tag added on an
organisation's page from the suggestions, and the list filtered by it."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest

from crm.models import Role, Tag, User
from networks.models import Membership
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _keep(path: Path) -> None:
    target = Path("/tmp/lists")
    target.mkdir(exist_ok=True)
    shutil.copy(path, target / path.name)


def test_the_filtered_list_joins_a_network_and_a_tag_finds_it_again(
    page: Any, live_server: Any
) -> None:
    User.objects.create_user(username="tomasz", password=PASSWORD, role=Role.TEAM)
    network = NetworkFactory(name="Podlaska Sieć Kół Gospodyń Wiejskich")
    kgw = [
        OrganisationFactory(name=f"Koło Gospodyń Wiejskich w Hajnówce nr {n:02}") for n in range(30)
    ]
    OrganisationFactory(name="Fundacja Inna")
    MembershipFactory(network=network, organisation=kgw[4], joined_on=datetime.date(2020, 1, 1))
    Tag.objects.create(name="Zakup Prospołeczny", key="zakup prospoleczny")
    sign_in(page, live_server.url, "tomasz")

    page.goto(f"{live_server.url}/organizacje/?search=kolo+gospodyn")
    page.get_by_test_id("select-whole").check()
    _keep(shoot(page, "lists-01-organisations-selected"))
    page.get_by_role("button", name="Z zaznaczonymi…").click()
    page.get_by_test_id("selection-count").wait_for()
    assert "30 organizacji zaznaczonych" in page.get_by_test_id("selection-count").inner_text()
    page.select_option("#id_network", str(network.pk))
    page.fill("#id_joined_on", "2026-01-15")
    _keep(shoot(page, "lists-02-bulk-actions", full_page=True))
    page.get_by_role("button", name="Dodaj do sieci").click()
    page.get_by_test_id("bulk-result").wait_for()
    assert page.get_by_test_id("added").inner_text() == "29"
    assert page.get_by_test_id("already").inner_text() == "1"
    _keep(shoot(page, "lists-03-bulk-result"))
    assert Membership.objects.filter(network=network).count() == 30

    page.goto(f"{live_server.url}/organizacje/{kgw[0].pk}/")
    page.fill("#tag-add-" + str(kgw[0].pk), "zakup prospołeczny")
    page.get_by_role("button", name="Dodaj tag").click()
    page.locator(".chip.tag").first.wait_for()
    _keep(shoot(page, "lists-04-organisation-tagged"))
    assert Tag.objects.count() == 1  # the suggestion, not a second spelling

    page.locator(".chip.tag a").first.click()
    page.get_by_test_id("result-count").wait_for()
    assert page.get_by_test_id("result-count").inner_text() == "1 organizacja"
    _keep(shoot(page, "lists-05-list-by-tag"))
