"""An OWES partner imports a file of its subregion and sees the rows of another reported; a
viewer reads the start page's numbers and the contact log without names (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from contacts.models import Organisation
from crm.models import Gmina, Role, Subregion
from tests.browser.conftest import shoot, sign_in
from tests.browser.test_journeys import staff
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.imports.test_partner_imports import FILE
from tests.interactions.factories import InteractionFactory
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owes_partner_imports_its_file_and_sees_the_rows_of_another_subregion_reported(
    page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    partner = staff("owes", Role.OWES_PARTNER)
    partner.subregions.add(Subregion.objects.get(slug="bielski"))
    suwalska = OrganisationFactory(
        name="Fundacja Suwalska",
        kind="foundation",
        nip="7291109046",
        gmina=Gmina.objects.get(code="2001011"),
        phones=["+48876430000"],
    )
    path = tmp_path / "owes_bielski_2026.csv"
    path.write_bytes(FILE)

    # The live server's first page can take long on a loaded machine: wait for it once.
    page.goto(f"{live_server.url}/accounts/login/", timeout=90_000)
    sign_in(page, live_server.url, "owes")
    page.click("nav >> text=Import")
    page.click("text=Importuj plik")
    assert "bielski" in page.locator("[data-testid=import-limit]").inner_text()
    page.fill("#id_source", "OWES subregionu bielskiego")
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]:has-text('Importuj plik')")
    page.wait_for_selector("text=Sprawdź plan i zatwierdź", timeout=60_000)
    page.click("text=tylko błędy")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 3  # rows 3, 4 and 5: another subregion's gmina, record; no gmina
    raczki = rows.filter(has_text="Stowarzyszenie Raczkowskie").inner_text()
    assert "3" in raczki and "należy do: Subregion suwalski" in raczki
    assert "nie zmieniono" in rows.filter(has_text="Fundacja Suwalska").inner_text()
    shoot(page, "partner-import-plan", full_page=True)

    page.click("[data-testid=confirm-import]")
    page.wait_for_selector("[data-testid=import-done]", timeout=60_000)
    done = page.locator("[data-testid=import-done]").inner_text()
    assert re.search(r"\b3\b", done), done  # three rows not imported
    assert page.locator("text=Pobierz raport błędów").count() >= 1
    assert page.locator("text=Cofnij import").count() == 0
    shoot(page, "partner-import-wynik", full_page=True)
    suwalska.refresh_from_db()
    assert suwalska.phones == ["+48876430000"]
    assert Organisation.objects.filter(nip="5423000010").exists()


def test_a_viewer_reads_the_numbers_charts_and_the_contact_log_without_names(
    page: Any, live_server: Any
) -> None:
    import datetime

    from django.utils import timezone

    staff("olga", Role.VIEWER)
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”")
    network = NetworkFactory(name="Podlaska Sieć PES", founded_on=datetime.date(2024, 1, 1))
    today = timezone.localdate()
    for months_ago in (20, 12, 6, 2):
        MembershipFactory(
            network=network, joined_on=today - datetime.timedelta(days=30 * months_ago)
        )
    contact = InteractionFactory(subject="Doradztwo: klauzule społeczne", notes="tajne notatki")
    contact.organisations.add(organisation)
    contact.people.add(PersonFactory(first_name="Anna", last_name="Łukaszuk"))

    sign_in(page, live_server.url, "olga")
    main = page.locator("main")
    assert "Rozwój sieci" in main.inner_text()
    assert "Ostatnie kontakty zespołu" in main.inner_text()
    assert page.locator("figure.chart svg[role=img]").count() >= 3
    shoot(page, "viewer-pulpit", full_page=True)
    page.click("nav >> text=Kontakty")
    page.wait_for_selector("[data-testid=log-without-people]")
    text = main.inner_text()
    assert "Doradztwo: klauzule społeczne" in text and "Żubrowe Smaki" in text
    assert "Łukaszuk" not in text and "tajne" not in text
    shoot(page, "viewer-kontakty", full_page=True)
