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
