"""The daily follow-up digest goes out exactly once per user and day."""

from __future__ import annotations

import datetime
import smtplib
from typing import Any

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone, translation

from interactions.models import DigestStatus, FollowUpDigest
from interactions.selectors import failed_digests
from interactions.services import (
    follow_up_complete,
    follow_up_digests_dispatch,
    follow_up_digests_retry,
)
from interactions.services.digests import CLAIM_TIMEOUT
from interactions.tasks import DIGEST_MAX_RETRIES, dispatch_follow_up_digests, send_follow_up_digest
from tests.interactions.factories import StaffFactory, follow_up_due

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Any:
    """Run a callable the way production does: the digest tasks start after the commit."""

    def _run(function: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _run


def test_digest_lists_overdue_and_due_today_in_polish(run):
    anna = StaffFactory(first_name="Anna")
    follow_up_due(anna, DAY - datetime.timedelta(days=3), title="Oddzwonić do spółdzielni")
    follow_up_due(anna, DAY, title="Wysłać zaproszenie na targi")
    follow_up_due(anna, DAY + datetime.timedelta(days=1), title="Jutrzejsze zadanie")
    finished = follow_up_due(anna, DAY - datetime.timedelta(days=1), title="Już zrobione")
    follow_up_complete(actor=anna, follow_up=finished)

    with translation.override("en"):
        run(call_command, "send_follow_up_digests", "--date", DAY.isoformat())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [anna.email]
    assert "Oddzwonić do spółdzielni" in message.body
    assert "Wysłać zaproszenie na targi" in message.body
    assert "Jutrzejsze zadanie" not in message.body
    assert "Już zrobione" not in message.body
    # Polish, whatever the active language of the process that sends it.
    assert message.subject == "Sieć: 2 zadania do zrobienia"
    assert "Zaległe:" in message.body and "Na dziś:" in message.body
    assert "20 listopada 2026" in message.body
    assert message.alternatives[0][1] == "text/html"
    digest = FollowUpDigest.objects.get(user=anna, date=DAY)
    assert digest.status == DigestStatus.SENT
    assert digest.follow_up_count == 2


def test_command_and_task_for_the_same_date_send_once(run):
    anna, jan = StaffFactory(), StaffFactory()
    follow_up_due(anna, DAY)
    follow_up_due(jan, DAY - datetime.timedelta(days=2))

    run(call_command, "send_follow_up_digests", "--date", DAY.isoformat())
    run(dispatch_follow_up_digests.delay, DAY.isoformat())
    run(call_command, "send_follow_up_digests", "--date", DAY.isoformat())

    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, jan.email])
    assert FollowUpDigest.objects.filter(date=DAY, status=DigestStatus.SENT).count() == 2


def test_a_retried_or_redelivered_send_task_does_not_send_again(run):
    anna = StaffFactory()
    follow_up_due(anna, DAY)
    run(follow_up_digests_dispatch, day=DAY)

    again = send_follow_up_digest.apply(args=(anna.pk, DAY.isoformat()), retries=1).get()

    assert again == ""
    assert len(mail.outbox) == 1
    assert FollowUpDigest.objects.get(user=anna, date=DAY).attempts == 1


def test_an_abandoned_claim_is_taken_over_only_after_the_timeout(run):
    anna = StaffFactory()
    follow_up_due(anna, DAY)
    digest = FollowUpDigest.objects.create(
        user=anna,
        date=DAY,
        status=DigestStatus.SENDING,
        claimed_at=timezone.now() - CLAIM_TIMEOUT + datetime.timedelta(minutes=1),
        attempts=1,
    )

    run(follow_up_digests_dispatch, day=DAY)
    assert mail.outbox == []  # another worker may still be sending it

    FollowUpDigest.objects.filter(pk=digest.pk).update(
        claimed_at=timezone.now() - CLAIM_TIMEOUT - datetime.timedelta(minutes=1)
    )
    run(follow_up_digests_dispatch, day=DAY)

    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert digest.attempts == 2


def test_a_missed_day_is_caught_up_by_the_next_run_and_never_sent_late(run):
    anna = StaffFactory()
    follow_up_due(anna, DAY - datetime.timedelta(days=2), title="Z przedwczoraj")
    follow_up_due(anna, DAY - datetime.timedelta(days=1), title="Z wczoraj")
    # Yesterday's run created the row, but its task was lost (Redis went down).
    lost = FollowUpDigest.objects.create(user=anna, date=DAY - datetime.timedelta(days=1))

    run(call_command, "send_follow_up_digests", "--date", DAY.isoformat())
    # Someone then runs the missed day by hand: it must not repeat what went out today.
    run(call_command, "send_follow_up_digests", "--date", (DAY - datetime.timedelta(1)).isoformat())
    run(send_follow_up_digest.delay, anna.pk, lost.date.isoformat())

    assert len(mail.outbox) == 1
    assert "Z przedwczoraj" in mail.outbox[0].body
    assert "Z wczoraj" in mail.outbox[0].body
    lost.refresh_from_db()
    today = FollowUpDigest.objects.get(user=anna, date=DAY)
    assert lost.status == DigestStatus.CAUGHT_UP
    assert lost.caught_up_by == today
    assert today.status == DigestStatus.SENT


def test_nobody_with_nothing_due_gets_an_email(run):
    busy, idle, finished = StaffFactory(), StaffFactory(), StaffFactory()
    follow_up_due(busy, DAY)
    follow_up_due(idle, DAY + datetime.timedelta(days=1))
    done = follow_up_due(finished, DAY)
    follow_up_complete(actor=finished, follow_up=done)

    run(call_command, "send_follow_up_digests", "--date", DAY.isoformat())

    assert [m.to for m in mail.outbox] == [[busy.email]]
    assert not FollowUpDigest.objects.filter(user__in=[idle, finished]).exists()


def test_a_digest_whose_follow_ups_were_closed_before_sending_is_recorded_empty(run):
    anna = StaffFactory()
    follow_up = follow_up_due(anna, DAY)
    FollowUpDigest.objects.create(user=anna, date=DAY)
    follow_up_complete(actor=anna, follow_up=follow_up)

    status = send_follow_up_digest.apply(args=(anna.pk, DAY.isoformat())).get()

    assert status == DigestStatus.EMPTY
    assert mail.outbox == []


def _failing_for(address: str, monkeypatch: Any, failures: int | None = None) -> list[int]:
    """Make sending to ``address`` fail (``failures`` times, or always); returns the tries."""
    tries: list[int] = []
    real_send = EmailMultiAlternatives.send

    def send(message: EmailMultiAlternatives, fail_silently: bool = False) -> int:
        if message.to == [address]:
            tries.append(1)
            if failures is None or len(tries) <= failures:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    return tries


def test_a_short_smtp_outage_is_retried_and_the_digest_goes_out_once(run, monkeypatch):
    anna = StaffFactory()
    follow_up_due(anna, DAY)
    tries = _failing_for(anna.email, monkeypatch, failures=2)

    run(follow_up_digests_dispatch, day=DAY)

    assert len(tries) == 3
    assert len(mail.outbox) == 1
    digest = FollowUpDigest.objects.get(user=anna, date=DAY)
    assert digest.status == DigestStatus.SENT
    assert digest.attempts == 3


def test_smtp_failure_is_retried_then_recorded_failed_for_managers_only(
    run, monkeypatch, manager, team_member
):
    anna, jan = StaffFactory(), StaffFactory()
    follow_up_due(anna, DAY)
    follow_up_due(jan, DAY)
    tries = _failing_for(anna.email, monkeypatch)

    run(follow_up_digests_dispatch, day=DAY)

    assert len(tries) == DIGEST_MAX_RETRIES + 1
    assert [m.to for m in mail.outbox] == [[jan.email]]  # one bad mailbox stops no one else
    digest = FollowUpDigest.objects.get(user=anna, date=DAY)
    assert digest.status == DigestStatus.FAILED
    assert digest.last_error == "SMTPServerDisconnected"
    assert list(failed_digests(user=manager)) == [digest]
    assert list(failed_digests(user=team_member)) == []

    # A failed digest is final: running the day again does not start over.
    run(follow_up_digests_dispatch, day=DAY)
    assert len(tries) == DIGEST_MAX_RETRIES + 1


def test_a_worker_backs_off_exponentially_between_tries(monkeypatch):
    anna = StaffFactory()
    follow_up_due(anna, DAY)
    FollowUpDigest.objects.create(user=anna, date=DAY)
    _failing_for(anna.email, monkeypatch)
    waits: list[float] = []

    def retry(*, exc: Exception, countdown: float) -> Retry:
        waits.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(send_follow_up_digest, "retry", retry)
    for attempt in range(DIGEST_MAX_RETRIES):
        send_follow_up_digest.push_request(retries=attempt, is_eager=False)
        try:
            with pytest.raises(Retry):
                send_follow_up_digest.run(anna.pk, DAY.isoformat())
        finally:
            send_follow_up_digest.pop_request()
        assert FollowUpDigest.objects.get(user=anna, date=DAY).status == DigestStatus.PENDING

    send_follow_up_digest.push_request(retries=DIGEST_MAX_RETRIES, is_eager=False)
    try:
        final = send_follow_up_digest.run(anna.pk, DAY.isoformat())
    finally:
        send_follow_up_digest.pop_request()

    assert final == DigestStatus.FAILED
    assert all(0 <= wait <= 60 * 2**n for n, wait in enumerate(waits))
    assert len(waits) == DIGEST_MAX_RETRIES
    assert FollowUpDigest.objects.get(user=anna, date=DAY).attempts == DIGEST_MAX_RETRIES + 1


def test_a_manager_can_send_a_failed_digest_again_once_the_server_works(
    run, monkeypatch, manager, team_member
):
    anna = StaffFactory()
    follow_up_due(anna, DAY)
    _failing_for(anna.email, monkeypatch)
    run(follow_up_digests_dispatch, day=DAY)
    digest = FollowUpDigest.objects.get(user=anna, date=DAY)
    monkeypatch.undo()

    with pytest.raises(PermissionDenied):
        follow_up_digests_retry(actor=team_member, digest_ids=[digest.pk])
    assert run(follow_up_digests_retry, actor=manager, digest_ids=[digest.pk]) == 1
    assert run(follow_up_digests_retry, actor=manager, digest_ids=[digest.pk]) == 0

    assert [m.to for m in mail.outbox] == [[anna.email]]
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert list(failed_digests(user=manager)) == []
