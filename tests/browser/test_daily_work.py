"""The team's daily work in a real browser: correct and delete a contact, give a colleague a
task that reaches their morning e-mail, register a network's members for an event."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from crm.models import Role, User
from interactions.models import Interaction
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def staff(
    username: str, role: str = Role.TEAM, first: str = "Ewa", last: str = "Wiśniewska"
) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        first_name=first,
        last_name=last,
        email=f"{username}@rops.example.pl",
    )


def test_a_contact_is_opened_from_the_organisation_corrected_and_deleted_by_a_manager(
    page: Any, live_server: Any
) -> None:
    ewa = staff("ewa")
    staff("maria", Role.MANAGER, "Maria", "Kierownik")
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”")
    interaction = Interaction.objects.create(
        kind="meeting", subject="Spotkanie w sprawie dotacji", occurred_at=timezone.now()
    )
    interaction.organisations.add(organisation)
    interaction.staff.add(ewa)

    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/organizacje/{organisation.pk}/")
    page.locator("#h-contacts ~ ul a", has_text="Spotkanie w sprawie dotacji").click()
    assert page.locator("h1").inner_text() == "Spotkanie w sprawie dotacji"
    page.get_by_role("link", name="Edytuj").click()
    page.fill("#id_subject", "Doradztwo: biznesplan")
    page.select_option("#id_kind", "consultation")
    page.fill("#id_occurred_time", "")
    page.get_by_role("button", name="Zapisz").click()
    assert page.locator("h1").inner_text() == "Doradztwo: biznesplan"
    assert "Zmieniono" in page.locator("#h-history ~ ul").inner_text()
    shoot(page, "20-kontakt-po-poprawce")
    # A team member is not offered the delete.
    assert page.get_by_role("link", name="Usuń").count() == 0

    page.context.clear_cookies()
    sign_in(page, live_server.url, "maria")
    page.goto(f"{live_server.url}/kontakty/{interaction.pk}/")
    page.get_by_role("link", name="Usuń").click()
    assert "Nic więcej nie zostanie usunięte" in page.locator("main").inner_text()
    shoot(page, "21-kontakt-usun-potwierdzenie")
    page.get_by_role("button", name="Usuń").click()
    assert page.url.endswith(f"/organizacje/{organisation.pk}/")
    assert "Kontakt został usunięty" in page.locator(".messages").inner_text()
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
