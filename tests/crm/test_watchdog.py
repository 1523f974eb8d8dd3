"""The watchdog (crm.top.watchdog): reports and digests whose message was lost go out again,
once; nothing stays "pending" for good."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from crm.top.monitoring.models import MonitoringReport
from crm.top.watchdog import REPORT_GIVE_UP_PERIODS, stuck_work_requeue
from interactions.models import DigestStatus, FollowUpDigest
from tests.interactions.factories import StaffFactory, follow_up_due

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=11)


def test_a_report_left_pending_by_a_lost_message_is_generated(
    manager: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    # Requested while Redis restarted empty: the row says pending, no message exists.
    report = MonitoringReport.objects.create(year=2025, requested_by=manager)

    assert stuck_work_requeue()["reports"]["requeued"] == 0  # not stale yet
    with django_capture_on_commit_callbacks(execute=True):
        done = stuck_work_requeue(now=timezone.now() + LATER)

    assert done["reports"] == {"requeued": 1, "failed": 0}
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.READY and report.file


def test_a_report_pending_for_hours_fails_instead_of_staying_pending(manager: Any) -> None:
    report = MonitoringReport.objects.create(year=2025, requested_by=manager)
    hours = datetime.timedelta(minutes=10 * REPORT_GIVE_UP_PERIODS + 1)

    done = stuck_work_requeue(now=timezone.now() + hours)

    assert done["reports"] == {"requeued": 0, "failed": 1}
    assert MonitoringReport.objects.get(pk=report.pk).status == MonitoringReport.Status.FAILED


def test_a_digest_whose_message_was_lost_goes_out_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = StaffFactory()
    today = timezone.localdate()
    follow_up_due(user, today)
    # The 07:00 run created the row; its send task was lost with the broker's memory.
    FollowUpDigest.objects.create(user=user, date=today)

    for _look in range(2):  # a second look sends nothing more
        with django_capture_on_commit_callbacks(execute=True):
            stuck_work_requeue(now=timezone.now() + LATER)

    assert [m.to for m in mail.outbox] == [[user.email]]
    assert FollowUpDigest.objects.get(user=user, date=today).status == DigestStatus.SENT
