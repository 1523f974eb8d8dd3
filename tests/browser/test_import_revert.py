"""A manager reverts an import after a colleague edited one of its organisations: the page
names the record and the field, and reverts everything else keeping it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contacts.models import Organisation
from contacts.services import organisation_update
from crm.models import Role
from tests.browser.conftest import shoot, sign_in
from tests.browser.test_journeys import staff
from tests.imports.conftest import SAMPLE_CSV, run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_revert_after_a_hand_edit_names_the_record_and_reverts_the_rest(
    page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    manager = staff("maria", Role.MANAGER)
    batch = run(manager, SAMPLE_CSV)
    drohiczyn = Organisation.objects.get(nip="7291109046")
    organisation_update(actor=manager, organisation=drohiczyn, website="https://spd.pl")
    sign_in(page, live_server.url, "maria")
    page.goto(f"{live_server.url}/import/{batch.pk}/")
    page.on("dialog", lambda dialog: dialog.accept())

    page.click("button:has-text('Cofnij import')")
    page.wait_for_selector("[data-testid=changed-since]")
    table = page.locator("[data-testid=changed-since]").inner_text()
    assert "Stowarzyszenie Przyjaciół Drohiczyna" in table and "https://spd.pl" in table
    shoot(page, "09-import-cofniecie-zmienione", full_page=True)
    page.click("[data-testid=revert-keeping-changed]")
    page.wait_for_selector("[data-testid=reverted]")

    assert (
        "Stowarzyszenie Przyjaciół Drohiczyna"
        in page.locator("[data-testid=reverted]").inner_text()
    )
    assert list(Organisation.objects.values_list("nip", flat=True)) == ["7291109046"]
    shoot(page, "10-import-cofniety-z-wyjatkiem")
