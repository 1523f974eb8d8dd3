"""The team's daily work in a real browser: correct and delete a contact, give a colleague a
task that reaches their morning e-mail, register a network's members for an event."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from crm.models import Role, User
from interactions.models import Interaction
from interactions.services import follow_up_digests_dispatch
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


def test_a_task_given_to_a_colleague_reaches_their_morning_email(
    page: Any, live_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    staff("ewa")
    tomasz = staff("tomasz", Role.TEAM, "Tomasz", "Nowak")
    organisation = OrganisationFactory(name="Koło Gospodyń Wiejskich w Suchowoli")
    today = timezone.localdate()

    sign_in(page, live_server.url, "ewa")
    page.get_by_role("link", name="Zadania").first.click()
    page.get_by_role("link", name="Nowe zadanie").first.click()
    page.fill("#id_title", "Wysłać wzór umowy partnerskiej")
    page.fill("#id_due_on", today.isoformat())
    page.select_option("#id_assignee", label="Tomasz Nowak")
    page.fill("#id_organisation", f"{organisation.name} #{organisation.pk}")
    shoot(page, "22-zadanie-dla-wspolpracownika")
    page.get_by_role("button", name="Zapisz").click()
    assert "Zadanie zlecono: Tomasz Nowak" in page.locator(".messages").inner_text()
    given = page.locator("main table").inner_text()
    assert "Wysłać wzór umowy partnerskiej" in given and "Tomasz Nowak" in given
    shoot(page, "23-zlecone-przeze-mnie")
    # The notice: one e-mail to Tomasz, naming the task and who gave it.
    assert [m.to for m in mail.outbox] == [[tomasz.email]]
    assert "Ewa Wiśniewska" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        follow_up_digests_dispatch(day=today)
    digest = mail.outbox[-1]
    assert digest.to == [tomasz.email]
    assert "Wysłać wzór umowy partnerskiej" in digest.body and "Ewa Wiśniewska" in digest.body

    page.context.clear_cookies()
    sign_in(page, live_server.url, "tomasz")
    page.goto(f"{live_server.url}/zadania/")
    mine = page.locator("main table").inner_text()
    assert "Wysłać wzór umowy partnerskiej" in mine and "Ewa Wiśniewska" in mine
    shoot(page, "24-moje-zadania-od-kolegi")
