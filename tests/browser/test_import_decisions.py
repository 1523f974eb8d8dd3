"""A team member decides the rows an import flagged, one click each, on the batch page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contacts.models import Organisation
from crm.models import Role
from crm.top.imports.models import ImportFlag
from crm.top.imports.services import import_batch_run
from tests.browser.conftest import shoot, sign_in
from tests.browser.test_journeys import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = Path(__file__).parents[1] / "imports" / "data" / "units_support_2026.csv"


def test_a_flagged_gmina_is_decided_with_one_click(
    page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    ewa = staff("ewa", Role.TEAM)
    batch = import_batch_run(
        actor=ewa, source="OWES w Hajnówce", name=FILE.name, data=FILE.read_bytes()
    )
    sign_in(page, live_server.url, "ewa")

    page.goto(f"{live_server.url}/import/{batch.pk}/")
    decisions = page.locator("[data-testid=import-decisions]")
    assert decisions.locator("tbody tr").count() == 4  # no record to disagree with here
    shoot(page, "import-decyzje", full_page=True)
    row = decisions.locator("tbody tr", has_text="Augustowskie Smaki")
    row.locator("button", has_text="Augustów (gmina miejska)").click()

    page.wait_for_selector("text=Wiersz 9 rozstrzygnięty.")
    assert "zdecydował(a)" in decisions.locator("tbody tr", has_text="Augustowskie").inner_text()
    shoot(page, "import-decyzja-podjeta", full_page=True)
    smaki = Organisation.objects.get(name__contains="Augustowskie Smaki")
    assert smaki.gmina is not None and smaki.gmina.code == "2001011"
    assert ImportFlag.objects.get(batch=batch, row_number=9).resolved_by == ewa
