"""A mailing under a real worker (PostgreSQL, a Redis of the test's own, a prefork worker as the
README starts it, reused from the imports' fault test): the pool child SIGKILLed mid-send, then
the whole worker SIGKILLed mid-send. Each time every recipient gets exactly one message: the
files the worker's mail backend wrote hold each recipient's Message-ID once, and no row stays
pending or sending.

The worker waits ``MAILING_SEND_INTERVAL`` between messages, and the test kills it just after a
row turned "sent", so the kill lands between two messages, as a kill almost always does; the one
window left (between the server accepting a message and its row's UPDATE) is the trade-off
services/sending.py states. The test process plays beat (the watchdog every second, stale
after six seconds).
"""

from __future__ import annotations

import email
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from crm.top.mailing.models import Mailing, Recipient
from crm.top.mailing.services import mailing_create
from crm.top.mailing.services.selection import selection_resolve
from crm.top.watchdog import stuck_work_requeue
from tests.contacts.factories import OrganisationFactory
from tests.imports.test_faults import Redis, Worker, broker, free_port, wait_for

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="the fault test of the PostgreSQL + Redis run: set DATABASE_URL and REDIS_URL",
    ),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

RECIPIENTS = 30
INTERVAL = "0.4"  # seconds between two messages in the worker
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # Django's file backend between two messages


def written(folder: Path) -> Counter[str]:
    """Message-IDs of every message the worker's mail backend wrote, with how many times."""
    ids: Counter[str] = Counter()
    for path in folder.glob("*.log"):
        for part in path.read_bytes().split(SEPARATOR):
            if part.strip():
                ids[str(email.message_from_bytes(part.lstrip(b"\n"))["Message-ID"])] += 1
    return ids


def queued(manager: Any, tag: str) -> Mailing:
    selection = selection_resolve(user=manager, source="organisations", filters={"search": tag})
    assert len(selection.sendable) == RECIPIENTS
    return mailing_create(
        actor=manager,
        selection=selection,
        subject="Zaproszenie dla {{ organizacja }}",
        body="Dzień dobry, {{ organizacja }}!",
        site_url="http://siec.test/",
    )


def sent(mailing: Mailing) -> int:
    return Recipient.objects.filter(mailing=mailing, status="sent").count()


def just_after_a_message(mailing: Mailing, at_least: int) -> None:
    """Return the moment the row count of sent messages grows past ``at_least``: the worker
    has marked one and is waiting before the next."""
    wait_for(lambda: sent(mailing) >= at_least, "messages to go out", timeout=120)
    before = sent(mailing)
    deadline = time.monotonic() + 60
    while sent(mailing) == before:
        assert time.monotonic() < deadline, "the worker stopped sending"
        time.sleep(0.005)


def finished_by_the_watchdog(mailing: Mailing, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stuck_work_requeue()
        mailing.refresh_from_db()
        if mailing.status == Mailing.Status.DONE:
            return
        time.sleep(1)
    raise AssertionError(f"mailing {mailing.pk} still {mailing.status}: {sent(mailing)} sent")


def assert_exactly_once(mailing: Mailing, folder: Path) -> None:
    rows = Recipient.objects.filter(mailing=mailing)
    assert rows.filter(status="sent").count() == RECIPIENTS
    assert not rows.exclude(status="sent").exists()
    ids = written(folder)
    mine = {k: n for k, n in ids.items() if k.startswith(f"<mailing-{mailing.pk}-")}
    expected = {f"<mailing-{mailing.pk}-{pk}@" for pk in rows.values_list("pk", flat=True)}
    assert {k.split("@")[0] + "@" for k in mine} == expected  # nobody skipped
    assert set(mine.values()) == {1}, {k: n for k, n in mine.items() if n != 1}  # none twice


def test_a_worker_killed_mid_send_neither_skips_nor_repeats_anyone(
    manager: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASK_STALE_MINUTES = 0.1  # six seconds
    for tag in ("Alfa", "Beta"):
        for n in range(RECIPIENTS):
            OrganisationFactory(
                name=f"Adresat {tag} {n:02d}", email=f"adresat-{tag}-{n}@example.pl"
            )
    port = free_port(6391)
    redis = Redis(port, tmp_path)
    url = f"redis://127.0.0.1:{port}/0"
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "off",
        "EMAIL_URL": f"filemail://{mailbox}",
        "MAILING_SEND_INTERVAL": INTERVAL,
        "TASK_STALE_MINUTES": "0.1",
    }
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    worker = Worker(env, tmp_path / "worker.log")
    redis.start()
    try:
        with broker(url):
            # 1. The pool child is killed between two messages (an OOM kill): its message goes
            # back to the queue and the next child goes on with the rows still pending.
            worker.start()
            first = queued(manager, "Alfa")
            just_after_a_message(first, at_least=5)
            worker.kill_pool_child()
            finished_by_the_watchdog(first)
            assert_exactly_once(first, mailbox)

            # 2. The whole worker is killed: its message waits for the broker's visibility
            # timeout (two hours); the watchdog publishes the mailing again when its heartbeat
            # grows old, and the next worker sends the rest.
            second = queued(manager, "Beta")
            just_after_a_message(second, at_least=5)
            worker.kill()
            assert 5 <= sent(second) < RECIPIENTS
            worker.start()
            finished_by_the_watchdog(second)
            assert_exactly_once(second, mailbox)
    except BaseException:
        log = (tmp_path / "worker.log").read_text(errors="replace")
        print("worker log (last 4,000 characters):\n" + log[-4000:])
        raise
    finally:
        worker.kill()
        redis.kill()
