"""What the team does every day, in a real browser: sign in, find, log, import, watch growth."""

from __future__ import annotations

import datetime
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from crm.models import Role, User
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SAMPLE = Path(__file__).parent / "data" / "owes_bielski_2026q3.csv"


def staff(username: str = "ewa", role: str = Role.TEAM) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        first_name="Ewa",
        last_name="Wiśniewska",
        email=f"{username}@rops.example.pl",
    )


def test_signing_in_shows_the_dashboard_with_my_name_and_role(page: Any, live_server: Any) -> None:
    staff()
    sign_in(page, live_server.url, "ewa")
    header = page.locator("[data-testid=current-user]")
    assert "Ewa Wiśniewska" in header.inner_text()
    assert "członek zespołu" in header.inner_text()
    assert page.locator("h1").inner_text() == "Pulpit"
    shoot(page, "01-pulpit-po-zalogowaniu")

    # The keyboard reaches the skip link first, it shows itself, and it jumps to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_typing_part_of_a_name_without_polish_letters_finds_the_organisation(
    page: Any, live_server: Any
) -> None:
    staff()
    OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”", town="Hajnówka")
    OrganisationFactory(name="Stowarzyszenie na Rzecz Rozwoju Gminy Czyże")
    OrganisationFactory(name="Fundacja Szansa")
    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/organizacje/")
    page.fill("#f-search", "zubrowe sma")
    # The results follow the typing, without pressing Enter.
    # Playwright's own matcher: a polled string predicate is eval'd in the page, which the
    # Content-Security-Policy (script-src 'self') forbids once the first check is too early.
    expect(page.locator("[data-testid=result-count]")).to_have_text(re.compile(r"^1 "))
    rows = page.locator("#results tbody tr")
    assert rows.count() == 1
    assert "Spółdzielnia Socjalna „Żubrowe Smaki”" in rows.first.inner_text()
    assert "search=zubrowe+sma" in page.url
    shoot(page, "02-wyszukiwanie-bez-polskich-znakow")

    # On a phone (360 px) the page fits its width: the table turns into cards.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "02b-wyszukiwanie-na-telefonie", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.fill("#topsearch-q", "zubr")
    page.wait_for_selector("#topsearch-list a")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Żubrowe Smaki')")


def test_logging_a_contact_with_a_next_step_puts_the_step_on_my_dashboard(
    page: Any, live_server: Any
) -> None:
    staff()
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Żubrowe Smaki”")
    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/organizacje/{organisation.pk}/")
    page.click("text=Dodaj kontakt")  # the second click: the form, organisation filled in
    assert "Żubrowe Smaki" in page.input_value("#id_organisation")
    page.select_option("#id_kind", "consultation")
    page.fill("#id_subject", "Doradztwo w sprawie wniosku o dotację")
    page.fill("#id_next_step", "Wysłać wzór biznesplanu")
    page.fill("#id_next_step_due", timezone.localdate().isoformat())
    shoot(page, "03-dodaj-kontakt")
    page.click("main button[type=submit]:has-text('Zapisz')")
    page.wait_for_selector("text=Kontakt zapisano")
    page.goto(f"{live_server.url}/")
    tasks = page.locator("section[aria-labelledby=h-tasks]")
    assert "Wysłać wzór biznesplanu" in tasks.inner_text()
    assert "Dziś" in tasks.inner_text()
    recent = page.locator("section[aria-labelledby=h-recent]")
    assert "Doradztwo w sprawie wniosku o dotację" in recent.inner_text()
    shoot(page, "04-pulpit-z-zadaniem")

    page.click("section[aria-labelledby=h-tasks] button:has-text('Zrobione')")
    page.wait_for_selector("text=wykonane")
    assert (
        "Wysłać wzór biznesplanu"
        not in page.locator("section[aria-labelledby=h-tasks]").inner_text()
    )


def test_importing_the_partner_file_follows_the_progress_bar_to_the_result(
    page: Any, live_server: Any, monkeypatch: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    staff()
    from crm.top.imports.tasks import apply_batch, plan_batch

    def worker_later(task: Any) -> Any:
        """A worker on another machine: gets the message (published after the commit) and
        claims the batch a moment later, so the page shows the wait and the progress."""
        run_task = task.apply

        def publish(args: list[int], task_id: str, **_options: Any) -> None:
            def run() -> None:
                try:
                    run_task(args=args, task_id=task_id)
                finally:
                    connection.close()

            threading.Timer(1.5, run).start()

        return publish

    monkeypatch.setattr(plan_batch, "apply_async", worker_later(plan_batch))
    monkeypatch.setattr(apply_batch, "apply_async", worker_later(apply_batch))
    sign_in(page, live_server.url, "ewa")
    page.goto(f"{live_server.url}/import/")
    page.click("text=Importuj plik")
    page.fill("#id_source", "OWES subregionu bielskiego")
    page.set_input_files("#id_file", str(SAMPLE))
    page.click("main button[type=submit]:has-text('Importuj plik')")
    # The dry run runs in the background too: its progress first, then the plan.
    page.wait_for_selector("#import-progress progress")
    assert "Zatwierdź import" not in page.locator("main").inner_text()
    shoot(page, "05a-import-proba")
    page.wait_for_selector("text=Sprawdź plan i zatwierdź", timeout=60_000)
    page.click("text=tylko błędy")
    assert page.locator("table.data tbody tr").count() == 1
    shoot(page, "05-import-plan", full_page=True)
    page.click("[data-testid=confirm-import]")
    page.wait_for_selector("#import-progress progress")
    shoot(page, "06-import-postep")
    page.wait_for_selector("[data-testid=import-done]", timeout=60_000)
    assert "6 nowych" in page.locator("[data-testid=import-done]").inner_text()
    shoot(page, "07-import-wynik")


def test_a_networks_growth_chart_is_drawn_with_a_title_axes_and_a_table(
    page: Any, live_server: Any
) -> None:
    staff("maria", Role.MANAGER)
    network = NetworkFactory(
        name="Podlaska Sieć Współpracy PES", founded_on=datetime.date(2024, 1, 1)
    )
    today = timezone.localdate()
    for months_ago in (30, 24, 18, 12, 9, 6, 3):
        MembershipFactory(
            network=network, joined_on=today - datetime.timedelta(days=30 * months_ago)
        )
    sign_in(page, live_server.url, "maria")
    page.goto(f"{live_server.url}/sieci/")
    page.click("text=Podlaska Sieć Współpracy PES")
    chart = page.locator("figure.chart").first
    chart.scroll_into_view_if_needed()
    assert "Członkowie" in chart.locator("figcaption").inner_text()
    svg = chart.locator("svg[role=img]")
    assert svg.locator("title").count() >= 1
    assert "kwartał" in svg.inner_html()
    chart.locator("summary").click()
    last_row = chart.locator("table tbody tr").last
    assert last_row.locator("td").inner_text() == "7"
    shoot(page, "08-wzrost-sieci", full_page=True)
