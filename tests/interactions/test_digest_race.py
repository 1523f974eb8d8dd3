"""Racing runs on a real database server: several workers, one e-mail."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from interactions.models import DigestStatus, FollowUpDigest
from interactions.tasks import dispatch_follow_up_digests
from tests.interactions.factories import StaffFactory, follow_up_due

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections with row locks; SQLite locks the whole file",
    ),
]

DAY = datetime.date(2026, 10, 25)
RUNNERS = 6


def test_beats_workers_and_cron_racing_on_one_day_send_each_digest_once() -> None:
    users = [StaffFactory() for _ in range(3)]
    for user in users:
        follow_up_due(user, DAY)
    start = threading.Barrier(RUNNERS)
    errors: list[BaseException] = []

    def runner() -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            dispatch_follow_up_digests.delay(DAY.isoformat())
        except BaseException as error:
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=runner) for _ in range(RUNNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert FollowUpDigest.objects.filter(date=DAY, status=DigestStatus.SENT).count() == 3
