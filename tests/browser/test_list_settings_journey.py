"""A team member shapes the organisation list in a real browser: hides a column, shows rows
ten a page, and after a reload (and a new visit) the list still looks so."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from crm.models import Role, User
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _keep(path: Path) -> None:
    target = Path("/tmp/lists")
    target.mkdir(exist_ok=True)
    shutil.copy(path, target / path.name)


def _headers(page: Any) -> list[str]:
    return [h.strip() for h in page.locator("table.data thead th").all_inner_texts()]


def test_a_hidden_column_is_still_hidden_after_a_reload(page: Any, live_server: Any) -> None:
    User.objects.create_user(username="tomasz", password=PASSWORD, role=Role.TEAM)
    for n in range(14):
        OrganisationFactory(name=f"Spółdzielnia Socjalna nr {n:02}", nip=f"54300000{n:02}")
    sign_in(page, live_server.url, "tomasz")

    page.goto(f"{live_server.url}/organizacje/")
    assert "NIP" in _headers(page)
    page.get_by_text("Dostosuj listę").click()
    page.get_by_label("NIP", exact=True).uncheck()
    page.get_by_label("REGON", exact=True).check()
    page.get_by_label("Wierszy na stronie").select_option("10")
    _keep(shoot(page, "list-settings-01-customise", full_page=True))
    page.get_by_role("button", name="Zastosuj").click()
    page.wait_for_load_state()

    page.reload()
    headers = _headers(page)
    assert "NIP" not in headers and "REGON" in headers
    assert page.locator("table.data tbody tr").count() == 10
    assert "543-000-00-01" not in page.content()
    _keep(shoot(page, "list-settings-02-after-reload", full_page=True))

    # The column header's sort is remembered too: a new visit comes back sorted so.
    page.get_by_role("link", name="Nazwa").click()
    page.wait_for_url("**ordering=name")
    page.get_by_role("link", name="Nazwa").click()
    page.wait_for_url("**ordering=-name")
    page.goto(f"{live_server.url}/organizacje/")
    first = page.locator("table.data tbody tr").first.inner_text()
    assert "nr 13" in first
    assert "NIP" not in _headers(page)
    _keep(shoot(page, "list-settings-03-new-visit-sorted"))


def test_every_list_offers_its_settings_and_saved_views(page: Any, live_server: Any) -> None:
    """The team member's walk through the other lists: a view saved on the events, the
    contact log's people shown, a network's members ten a page."""
    from interactions.models import Interaction
    from tests.contacts.factories import PersonFactory
    from tests.interactions.factories import EventFactory, InteractionFactory
    from tests.networks.factories import MembershipFactory, NetworkFactory, PartnershipFactory

    user = User.objects.create_user(username="tomasz", password=PASSWORD, role=Role.TEAM)
    EventFactory(title="Targi Ekonomii Społecznej", kind="fair")
    EventFactory(title="Szkolenie z klauzul społecznych", kind="training")
    contact: Interaction = InteractionFactory(subject="Doradztwo w sprawie statusu PS")
    contact.organisations.add(OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”"))
    contact.people.add(PersonFactory(first_name="Anna", last_name="Łukaszuk"))
    contact.staff.add(user)
    network = NetworkFactory(name="Podlaska Sieć PES")
    for n in range(12):
        MembershipFactory(network=network, organisation=OrganisationFactory(name=f"KGW nr {n:02}"))
    PartnershipFactory()
    sign_in(page, live_server.url, "tomasz")

    page.goto(f"{live_server.url}/wydarzenia/?kind=fair")
    page.get_by_test_id("saved-views").locator("summary").click()
    page.fill("#sv-name", "Targi")
    page.get_by_role("button", name="Zapisz ten widok").click()
    page.goto(f"{live_server.url}/wydarzenia/")
    page.get_by_role("link", name="Targi", exact=True).click()
    page.wait_for_url("**kind=fair")
    assert "Szkolenie z klauzul" not in page.content()
    _keep(shoot(page, "list-settings-04-events-saved-view"))

    page.goto(f"{live_server.url}/kontakty/")
    page.get_by_text("Dostosuj listę").click()
    page.get_by_label("Osoby", exact=True).check()
    page.get_by_role("button", name="Zastosuj").click()
    page.wait_for_load_state()
    assert "Łukaszuk" in page.locator("table.data").inner_text()
    _keep(shoot(page, "list-settings-05-contact-log-people"))

    page.goto(f"{live_server.url}/sieci/{network.pk}/")
    page.get_by_text("Dostosuj listę").click()
    page.get_by_label("Wierszy na stronie").select_option("10")
    page.get_by_role("button", name="Zastosuj").click()
    page.wait_for_load_state()
    page.reload()
    members = page.locator("section[aria-labelledby=h-members] table.data tbody tr")
    assert members.count() == 10
    _keep(shoot(page, "list-settings-06-network-members", full_page=True))

    for name, path in [
        ("07-people", "/osoby/"),
        ("08-tasks", "/zadania/"),
        ("09-networks", "/sieci/"),
        ("10-partnerships", "/partnerstwa/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_test_id("list-settings").count() == 1
        _keep(shoot(page, f"list-settings-{name}"))
