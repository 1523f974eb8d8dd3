"""Registering the 20 members of a network for an event in a real browser, as the team does
before a fair: one choice of the network, one look at who is new, one click; the count of who
was added and who was registered already. The journey is counted for the issue's re-timing."""

from __future__ import annotations

import time
from typing import Any

import pytest

from crm.models import Role, User
from interactions.models import Participation
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_members_of_a_network_are_registered_for_an_event_in_one_action(
    page: Any, live_server: Any
) -> None:
    User.objects.create_user(username="tomasz", password=PASSWORD, role=Role.TEAM)
    network = NetworkFactory(name="Podlaska Sieć Kół Gospodyń Wiejskich")
    members = [OrganisationFactory(name=f"Koło Gospodyń Wiejskich nr {n:02}") for n in range(20)]
    for organisation in members:
        MembershipFactory(network=network, organisation=organisation)
    event = EventFactory(title="Podlaskie Targi Ekonomii Społecznej 2026")
    Participation.objects.create(event=event, organisation=members[3])
    Participation.objects.create(event=event, organisation=members[7])
    sign_in(page, live_server.url, "tomasz")
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    actions = 0
    started = time.monotonic()

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/")
    page.get_by_role("link", name="Zarejestruj członków sieci").click()
    actions += 1
    page.get_by_label("Sieć").select_option(label=network.name)
    page.get_by_role("button", name="Pokaż, kto zostanie zarejestrowany").click()
    actions += 2
    preview = page.locator("main").inner_text()
    assert "18 organizacji do zarejestrowania" in preview
    assert "2 już zarejestrowane" in preview
    shoot(page, "40-rejestracja-sieci", full_page=True)
    page.get_by_role("button", name="Zarejestruj 18 organizacji").click()
    actions += 1
    elapsed = time.monotonic() - started

    assert page.url.endswith(f"/wydarzenia/{event.pk}/")
    text = page.locator("main").inner_text()
    assert "Zarejestrowano 18 organizacji. 2 były już zarejestrowane." in text
    assert "Koło Gospodyń Wiejskich nr 19" in text
    assert Participation.objects.filter(event=event).count() == 20
    shoot(page, "41-zarejestrowani", full_page=True)
    print(
        f"register a network journey: {actions} actions, {len(loads)} page loads, {elapsed:.1f} s"
    )
