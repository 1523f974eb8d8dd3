"""Headless Chromium (Debian's, not Playwright's download) against pytest-django's live server.

Without /usr/bin/chromium the browser tests are skipped with a clear message, unless
``SIEC_REQUIRE_BROWSER=1`` (CI) makes a missing browser a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test are sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "haslo-testowe-2026"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = (
            "Browser tests need Debian's Chromium at /usr/bin/chromium "
            "(apt-get install -y chromium chromium-driver)."
        )
        if os.environ.get("SIEC_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " SIEC_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(
        locale="pl-PL", timezone_id="Europe/Warsaw", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def shoot(page: Any, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")


@pytest.fixture(autouse=True)
def _territory(transactional_db: None) -> None:
    """Live-server tests run outside a rolled-back transaction and the database is emptied
    after each one, the shipped territory included: put it back when it is gone."""
    from crm.models import Gmina, Powiat, Subregion
    from crm.territory.loading import load_shipped

    if not Gmina.objects.exists():
        load_shipped(subregion_model=Subregion, powiat_model=Powiat, gmina_model=Gmina)
