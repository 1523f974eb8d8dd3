"""E-mail to a selection: who gets it, what it says, one message each, refusals recorded."""

from __future__ import annotations

import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from contacts.models import Consent
from contacts.services.email_refusals import EMAIL_PURPOSE
from contacts.timeline import organisation_timeline
from crm.top.mailing.models import Mailing, OrganisationOptOut, Recipient
from crm.top.mailing.services import mailing_send_run
from tests.contacts.factories import OrganisationFactory
from tests.mailing.conftest import Members
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def committed() -> Any:
    """What a commit would publish runs in-process (the test's transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


BODY = (
    "Szanowni Państwo,\n{{ osoba }} ({{ organizacja }}), zapraszamy na {{ wydarzenie }} "
    "dnia {{ data_wydarzenia }}, {{ miejsce_wydarzenia }}.\nSieć: {{ siec }}"
)


def _compose(client: Any, members: Members, action: str, **extra: Any) -> Any:
    """Post the message form; what a commit would publish runs in-process, as without Redis."""
    with committed():
        return client.post(
            reverse("mailing:to_network", args=[members.network.pk]),
            {
                "subject": "Zaproszenie na {{ wydarzenie }}",
                "body": BODY,
                "event": members.event.pk,
                "action": action,
                **extra,
            },
        )


def _unsubscribe_link(message: Any) -> str:
    found = re.search(r"http://testserver(/wypisz/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_preview_fills_the_placeholders_for_two_recipients_and_counts_the_skipped(
    team_member: Any, members: Members
) -> None:
    response = _compose(client_for(team_member), members, "preview")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="preview"') == 2
    assert "Zaproszenie na Podlaskie Targi Ekonomii Społecznej" in html
    # The first two recipients in the members' (Polish) order: Jan Kowal for Fundacja Kowal,
    # then the organisation without a representative (Bóbr); the skipped in between are not.
    assert "jan@example.pl" in html and "bobr@example.pl" in html
    assert "anna@example.pl" not in html and "olga@example.pl" not in html
    assert "Jan Kowal (Fundacja Kowal)" in html
    assert "Szanowni Państwo,\n (Spółdzielnia Socjalna „Bóbr”)" in html
    assert "dnia 12.03.2027, Białystok, ul. Elektryczna 13" in html
    assert "Sieć: Sieć Współpracy PES Podlasia" in html
    assert "The message goes to 3 recipients" in html or "Wiadomość trafi do 3 odbiorców" in html
    assert mail.outbox == []  # a preview sends nothing
    assert not Mailing.objects.exists()


def test_sending_writes_to_each_consenting_recipient_separately_and_skips_the_others(
    team_member: Any, members: Members
) -> None:
    response = _compose(client_for(team_member), members, "send")
    mailing = Mailing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mailing:detail", args=[mailing.pk])
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.pl", "bobr@example.pl", "jan@example.pl"
    ]  # fmt: skip
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/wypisz/")
        assert "{{" not in message.subject + message.body
    jan = next(m for m in mail.outbox if m.to == ["jan@example.pl"])
    assert "Jan Kowal (Fundacja Kowal), zapraszamy na Podlaskie Targi" in jan.body
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE
    reasons = dict(
        Recipient.objects.filter(mailing=mailing, status="skipped").values_list(
            "person__last_name", "skip_reason"
        )
    )
    assert reasons == {
        "Nowik": "refused", "Bez": "no_consent", "Zakaz": "restricted", None: "no_address"
    }  # fmt: skip
    # No address of a skipped person is copied into the mailing.
    assert not Recipient.objects.filter(status="skipped").exclude(email="").exists()
    page = client_for(team_member).get(response["Location"]).content.decode()
    assert 'data-testid="sent-count">3<' in page
    assert 'data-testid="skipped-count">4 (' in page


def test_each_sent_message_is_on_the_recipients_timeline_and_person_page(
    team_member: Any, members: Members
) -> None:
    _compose(client_for(team_member), members, "send")
    timeline = organisation_timeline(user=team_member, organisation=members.plain)
    assert [i.summary for i in timeline.items if i.kind == "email_sent"] == [
        "Wiadomość e-mail: Zaproszenie na Podlaskie Targi Ekonomii Społecznej"
    ] or [i.kind for i in timeline.items].count("email_sent") == 1
    anna_org = members.willing.affiliations.none()  # noqa: F841 (not affiliated: membership)
    page = (
        client_for(team_member)
        .get(reverse("contacts:person_detail", args=[members.willing.pk]))
        .content.decode()
    )
    assert "Zaproszenie na Podlaskie Targi Ekonomii Społecznej" in page
    skipped = (
        client_for(team_member)
        .get(reverse("contacts:person_detail", args=[members.refused.pk]))
        .content.decode()
    )
    assert "Zaproszenie na Podlaskie Targi" not in skipped


def test_the_unsubscribe_link_records_the_refusal_and_the_next_message_skips_them(
    team_member: Any, members: Members, client: Any
) -> None:
    _compose(client_for(team_member), members, "send")
    anna = next(m for m in mail.outbox if m.to == ["anna@example.pl"])
    link = _unsubscribe_link(anna)
    page = client.get(link)  # anonymous; opening the link changes nothing
    assert page.status_code == 200
    assert "anna@example.pl" not in page.content.decode()
    assert not Consent.objects.filter(person=members.willing).exists()
    done = client.post(link)
    assert done.status_code == 200 and 'data-testid="unsubscribed"' in done.content.decode()
    refusal = Consent.objects.get(person=members.willing)
    assert refusal.purpose == EMAIL_PURPOSE and refusal.withdrawn_on is not None
    assert client.post(link).status_code == 200  # twice is once
    assert Consent.objects.filter(person=members.willing).count() == 1
    # An organisation's address goes on the opt-out list.
    bobr = next(m for m in mail.outbox if m.to == ["bobr@example.pl"])
    client.post(_unsubscribe_link(bobr), HTTP_LIST_UNSUBSCRIBE="One-Click")
    assert OrganisationOptOut.objects.filter(organisation=members.plain).exists()
    mail.outbox.clear()
    _compose(client_for(team_member), members, "send")
    assert [m.to[0] for m in mail.outbox] == ["jan@example.pl"]
    # A token that is not ours, or altered, records nothing.
    assert client.get("/wypisz/abc/").status_code == 404
    assert client.post(link[:-3] + "x/").status_code == 404


def test_a_message_naming_an_unknown_placeholder_is_refused_before_anything_is_sent(
    team_member: Any, members: Members
) -> None:
    response = _compose(
        client_for(team_member), members, "send", body="{{ organizacja.delete }} {{ haslo }}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "{{ haslo }}" in html and "error-summary" in html
    assert not Mailing.objects.exists() and mail.outbox == []
    # Template syntax is text, never run.
    _compose(client_for(team_member), members, "send", body="{% debug %} {{ organizacja }}")
    assert all(m.body.startswith("{% debug %} ") for m in mail.outbox)


def test_only_the_centres_staff_send(
    viewer: Any, owes_partner: Any, manager: Any, members: Members
) -> None:
    url = reverse("mailing:to_network", args=[members.network.pk])
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(owes_partner).get(url).status_code == 403
    assert client_for(manager).get(url).status_code == 200
    detail = client_for(manager).get(reverse("contacts:organisation_list")).content.decode()
    assert reverse("mailing:to_organisations") in detail
    partner_list = client_for(owes_partner).get(reverse("contacts:organisation_list"))
    assert reverse("mailing:to_organisations") not in partner_list.content.decode()


def test_the_organisation_list_filters_choose_the_recipients(
    team_member: Any, members: Members
) -> None:
    url = reverse("mailing:to_organisations") + "?search=bobr"
    client = client_for(team_member)
    preview = client.post(
        url, {"subject": "Dzień dobry", "body": "{{ organizacja }}", "action": "preview"}
    )
    html = preview.content.decode()
    assert html.count('data-testid="preview"') == 1 and "Spółdzielnia Socjalna „Bóbr”" in html
    with committed():
        client.post(url, {"subject": "Dzień dobry", "body": "{{ organizacja }}", "action": "send"})
    assert [m.to for m in mail.outbox] == [["bobr@example.pl"]]
    bad = client.get(reverse("mailing:to_organisations") + "?kind=nie-ma-takiego")
    assert bad.status_code == 400 and "nie są poprawne" in bad.content.decode()


def test_a_failed_message_is_listed_and_sent_again(
    team_member: Any, members: Members, monkeypatch: Any
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refusing(self: Any, messages: list[Any]) -> int:
        if messages[0].to == ["jan@example.pl"]:
            raise smtplib.SMTPRecipientsRefused({"jan@example.pl": (550, b"no")})
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refusing)
    _compose(client_for(team_member), members, "send")
    mailing = Mailing.objects.get()
    failed = Recipient.objects.get(mailing=mailing, status="failed")
    assert failed.person == members.consenting and failed.error == "SMTPRecipientsRefused"
    page = (
        client_for(team_member).get(reverse("mailing:detail", args=[mailing.pk])).content.decode()
    )
    assert "SMTPRecipientsRefused" in page and f'value="{failed.pk}"' in page
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    mail.outbox.clear()
    with committed():
        client_for(team_member).post(
            reverse("mailing:resend", args=[mailing.pk]), {"recipient": [failed.pk]}
        )
    assert [m.to for m in mail.outbox] == [["jan@example.pl"]]
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 2


def test_a_claimed_row_is_not_sent_twice_and_an_abandoned_claim_is_taken_over(
    team_member: Any, members: Members, settings: Any
) -> None:
    from django.utils import timezone

    from crm.top.mailing.services.selection import selection_resolve
    from crm.top.mailing.services.sending import mailing_create

    celery_off = settings.CELERY_TASK_ALWAYS_EAGER  # noqa: F841
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("crm.top.mailing.services.sending._publish", lambda pk: None)
        selection = selection_resolve(user=team_member, source="network", network=members.network)
        mailing = mailing_create(
            actor=team_member, selection=selection, subject="S", body="B", site_url="http://x/"
        )
    rows = Recipient.objects.filter(mailing=mailing, status="pending").order_by("pk")
    first, second, third = rows
    now = timezone.now()
    Recipient.objects.filter(pk=first.pk).update(status="sent", sent_at=now)  # sent before
    Recipient.objects.filter(pk=second.pk).update(status="sending", claimed_at=now)  # alive
    assert mailing_send_run(mailing_id=mailing.pk) == "unfinished"
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert mailing_send_run(mailing_id=mailing.pk) == "unfinished"  # nothing more to send
    assert len(mail.outbox) == 1
    Recipient.objects.filter(pk=second.pk).update(claimed_at=now - timezone.timedelta(hours=1))
    assert mailing_send_run(mailing_id=mailing.pk) == "done"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([third.email, second.email])
    assert Mailing.objects.get(pk=mailing.pk).status == "done"


def test_the_watchdog_publishes_a_mailing_whose_message_was_lost(
    team_member: Any, members: Members
) -> None:
    from django.utils import timezone

    from crm.top.mailing.services.selection import selection_resolve
    from crm.top.mailing.services.sending import mailing_create
    from crm.top.watchdog import stuck_work_requeue

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("crm.top.mailing.services.sending._publish", lambda pk: None)
        selection = selection_resolve(user=team_member, source="network", network=members.network)
        mailing = mailing_create(
            actor=team_member, selection=selection, subject="S", body="B", site_url="http://x/"
        )
    assert stuck_work_requeue()["mailings"] == {"requeued": 0}  # not stale yet
    Mailing.objects.filter(pk=mailing.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )
    with committed():
        assert stuck_work_requeue()["mailings"] == {"requeued": 1}
    assert len(mail.outbox) == 3
    assert Mailing.objects.get(pk=mailing.pk).status == "done"


def test_an_organisation_closed_or_without_an_address_is_skipped(team_member: Any) -> None:
    import datetime

    OrganisationFactory(name="Zamknięta", email="z@example.pl", closed_on=datetime.date(2024, 1, 1))
    OrganisationFactory(name="Otwarta", email="o@example.pl")
    response = client_for(team_member).get(reverse("mailing:to_organisations"))
    html = response.content.decode()
    assert 'data-testid="recipient-count"' in html
    assert "1" in html.split('data-testid="recipient-count"')[1][:120]
