"""A manager asks who looked at a person (issue 13): from the person's page, "Kto oglądał"
lists a colleague's visit with the day and how; the retention page shows the last run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from crm.models import Role, User
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def staff(username: str, role: str, first: str, last: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, first_name=first, last_name=last
    )


def test_a_manager_sees_who_opened_a_persons_page_and_the_retention_runs(
    page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    staff("ewa", Role.TEAM, "Ewa", "Wiśniewska")
    staff("maria", Role.MANAGER, "Maria", "Kierownik")
    person = PersonFactory(first_name="Halina", last_name="Sokólska")

    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/osoby/{person.pk}/")
    assert page.get_by_role("link", name="Kto oglądał").count() == 0

    page.context.clear_cookies()
    sign_in(page, live_server.url, "maria")
    page.goto(f"{live_server.url}/osoby/{person.pk}/")
    page.get_by_role("link", name="Kto oglądał").click()
    table = page.locator("table.data").inner_text()
    assert "Ewa Wiśniewska" in table and "strona osoby" in table
    assert f"osoba #{person.pk}" in table and "Sokólska" not in table
    shoot(page, "30-kto-ogladal", full_page=True)
    page.select_option("#id_user", label="Ewa Wiśniewska")
    page.get_by_role("button", name="Pokaż").click()
    assert "Maria Kierownik" not in page.locator("table.data").inner_text()

    call_command("apply_retention")
    page.get_by_role("link", name="Retencja danych").click()
    assert "RETENTION_PEOPLE_YEARS" in page.locator("main").inner_text()
    assert "Ostatnie przebiegi" in page.locator("main").inner_text()
    shoot(page, "31-retencja", full_page=True)
