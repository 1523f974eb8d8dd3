"""The Content-Security-Policy breaks nothing: a real browser reports no violation on the
pages with scripts, charts, print buttons, the API docs (Swagger UI) and the admin."""

from __future__ import annotations

from typing import Any

import pytest

from crm.models import Role, User
from tests.api.world import build_world
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_violations(page: Any) -> list[str]:
    """CSP violations the page reports (the browser also logs each one to the console)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return found


def test_pages_work_under_the_policy(page: Any, live_server: Any) -> None:
    admin = User.objects.create_user(
        username="ala", password=PASSWORD, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    world = build_world(assignee=admin)
    violations = watch_violations(page)
    sign_in(page, live_server.url, "ala")
    organisation = world.side("A").organisation
    event = world.side("A").event
    for path in (
        "/",
        "/organizacje/",
        f"/organizacje/{organisation.pk}/",
        f"/wydarzenia/{event.pk}/lista-obecnosci/",
        "/graf/",
        "/raporty/",
        "/admin/",
        f"/admin/contacts/organisation/{organisation.pk}/change/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # The top bar's suggestions: the page's own script fetches them as you type.
    page.goto(live_server.url + "/organizacje/")
    page.fill("input[data-suggest-url]", organisation.name[:5])
    page.wait_for_load_state("networkidle")

    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")

    assert violations == []
