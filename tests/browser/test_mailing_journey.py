"""E-mail to a network's members in a real browser (issue 16): a team member writes an
invitation, previews it for two recipients and sends it; the two people lacking consent (one
refused e-mail, one whose basis is consent with none in force) and a restricted one are
skipped and counted; every consenting person gets one message of their own; the message is on
the member's timeline; the unsubscribe link, opened without signing in, records a refusal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from contacts.models import Consent
from contacts.services.email_refusals import EMAIL_PURPOSE
from crm.models import Role, User
from tests.browser.conftest import PASSWORD, shoot, sign_in
from tests.mailing.conftest import Members, members  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invitation_to_a_networks_members_respects_consent_and_records_a_refusal(
    page: Any,
    live_server: Any,
    members: Members,  # noqa: F811
    chromium: Any,
) -> None:
    User.objects.create_user(
        username="ewa", password=PASSWORD, role=Role.TEAM, first_name="Ewa", last_name="Wiśniewska"
    )
    base = live_server.url
    sign_in(page, base, "ewa")
    page.goto(f"{base}/sieci/{members.network.pk}/")
    page.get_by_role("link", name="Wyślij e-mail do członków").click()
    page.wait_for_url(re.compile(r"/wiadomosci/nowa/siec/\d+/$"))
    assert "Wiadomość trafi do 3 odbiorców" in page.inner_text("[data-testid=recipient-count]")
    skipped = page.inner_text("[data-testid=skipped-counts]")
    assert "Rezygnacja z wiadomości e-mail: 1" in skipped
    assert "Brak ważnej zgody: 1" in skipped
    assert "Ograniczenie przetwarzania (art. 18 RODO): 1" in skipped
    page.fill("#id_subject", "Zaproszenie na {{ wydarzenie }}")
    page.fill(
        "#id_body",
        "Dzień dobry {{ osoba }},\nzapraszamy {{ organizacja }} na {{ wydarzenie }} "
        "({{ data_wydarzenia }}).",
    )
    page.select_option("#id_event", str(members.event.pk))
    # The preview is the same address posted back: wait for that page, not the one it replaces.
    with page.expect_navigation():
        page.get_by_role("button", name="Podgląd").click()
    previews = page.locator("[data-testid=preview]")
    assert previews.count() == 2
    assert "Dzień dobry Jan Kowal,\nzapraszamy Fundacja Kowal na Podlaskie Targi" in (
        previews.nth(0).inner_text()
    )
    assert mail.outbox == []
    shoot(page, "mailing-01-preview", full_page=True)

    page.get_by_role("button", name="Wyślij do 3 odbiorców").click()
    page.wait_for_url(re.compile(r"/wiadomosci/\d+/$"))
    assert page.inner_text("[data-testid=sent-count]") == "3"
    counted = page.inner_text("[data-testid=skipped-count]")
    assert counted.startswith("4 (")
    assert "rezygnacja z wiadomości e-mail: 1" in counted and "brak ważnej zgody: 1" in counted
    shoot(page, "mailing-02-sent", full_page=True)

    # One message per consenting recipient, each to that recipient only.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.pl", "bobr@example.pl", "jan@example.pl"
    ]  # fmt: skip
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert not {"ewa@example.pl", "olga@example.pl", "piotr@example.pl"} & {
        m.to[0] for m in mail.outbox
    }

    # On the timeline of the member Anna represents.
    zubr = members.willing.network_memberships.get().organisation
    page.goto(f"{base}/organizacje/{zubr.pk}/")
    timeline = page.inner_text("#h-timeline >> xpath=..")
    assert "Zaproszenie na Podlaskie Targi Ekonomii Społecznej" in timeline
    assert "Anna Łukaszuk" in timeline

    # The unsubscribe link works without signing in and records the refusal.
    anna = next(m for m in mail.outbox if m.to == ["anna@example.pl"])
    link = re.search(r"https?://\S+/wypisz/\S+/", anna.body)
    assert link, anna.body
    outsider = chromium.new_context(locale="pl-PL")
    try:
        visitor = outsider.new_page()
        visitor.goto(link.group(0))
        assert not Consent.objects.filter(person=members.willing).exists()
        visitor.get_by_role("button", name="Rezygnuję z wiadomości").click()
        visitor.wait_for_selector("[data-testid=unsubscribed]")
        shoot(visitor, "mailing-03-unsubscribed")
    finally:
        outsider.close()
    refusal = Consent.objects.get(person=members.willing)
    assert refusal.purpose == EMAIL_PURPOSE and refusal.withdrawn_on is not None
    page.goto(f"{base}/osoby/{members.willing.pk}/")
    gdpr = page.inner_text("#rodo")
    assert "wiadomości e-mail — udzielona" in gdpr and "wycofana" in gdpr
