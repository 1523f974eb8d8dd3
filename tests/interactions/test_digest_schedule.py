"""The digest runs at 07:00 Europe/Warsaw every day, once, also on the daylight-saving dates."""

from __future__ import annotations

import copy
import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from config.celery import app as celery_app
from interactions.models import DigestStatus, FollowUpDigest
from interactions.tasks import dispatch_follow_up_digests
from tests.interactions.factories import StaffFactory, follow_up_due

WARSAW = ZoneInfo("Europe/Warsaw")
UTC = datetime.UTC
AUTUMN_BACK = datetime.date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET
SPRING_FORWARD = datetime.date(2027, 3, 28)  # 02:00 CET becomes 03:00 CEST


def beat_fire_times(start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    """Walk beat's clock minute by minute and note every moment the digest entry is due."""
    entry = settings.CELERY_BEAT_SCHEDULE["interactions.follow_up_digests"]
    assert entry["task"] == dispatch_follow_up_digests.name
    schedule = copy.copy(entry["schedule"])
    schedule.app = celery_app
    clock = {"now": start}
    schedule.nowfun = lambda: clock["now"]
    last_run_at = start
    fired = []
    while clock["now"] < end:
        is_due, _next = schedule.is_due(last_run_at)
        if is_due:
            fired.append(clock["now"])
            last_run_at = clock["now"]
        clock["now"] += datetime.timedelta(minutes=1)
    return fired


@pytest.mark.parametrize(
    ("change_day", "utc_hour_before", "utc_hour_after"),
    [(AUTUMN_BACK, 5, 6), (SPRING_FORWARD, 6, 5)],
    ids=["autumn-2026-10-25", "spring-2027-03-28"],
)
def test_beat_fires_once_a_day_at_seven_in_warsaw_across_the_clock_change(
    change_day: datetime.date, utc_hour_before: int, utc_hour_after: int
) -> None:
    assert celery_app.conf.timezone == "Europe/Warsaw"
    start = datetime.datetime.combine(
        change_day - datetime.timedelta(days=2), datetime.time(12), UTC
    )
    end = start + datetime.timedelta(days=4)

    fired = beat_fire_times(start, end)

    local = [moment.astimezone(WARSAW) for moment in fired]
    assert [moment.date() for moment in local] == [
        change_day - datetime.timedelta(days=1),
        change_day,
        change_day + datetime.timedelta(days=1),
        change_day + datetime.timedelta(days=2),
    ]
    assert {(moment.hour, moment.minute) for moment in local} == {(7, 0)}
    assert [moment.hour for moment in fired] == [
        utc_hour_before,
        utc_hour_after,
        utc_hour_after,
        utc_hour_after,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("change_day", [AUTUMN_BACK, SPRING_FORWARD], ids=str)
def test_the_digest_of_a_clock_change_day_goes_out_once(
    change_day: datetime.date,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    anna = StaffFactory()
    follow_up_due(anna, change_day - datetime.timedelta(days=1), title="Oddzwonić do KGW")
    follow_up_due(anna, change_day, title="Wysłać umowę")
    start = datetime.datetime.combine(change_day - datetime.timedelta(days=1), datetime.time(), UTC)
    seven = next(
        moment
        for moment in beat_fire_times(start, start + datetime.timedelta(days=2))
        if moment.astimezone(WARSAW).date() == change_day
    )
    monkeypatch.setattr(timezone, "now", lambda: seven)

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_follow_up_digests.delay()  # beat
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_follow_up_digests.delay()  # a second beat started by mistake
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_up_digests")  # and cron

    assert len(mail.outbox) == 1
    assert "Oddzwonić do KGW" in mail.outbox[0].body
    assert "Wysłać umowę" in mail.outbox[0].body
    digest = FollowUpDigest.objects.get(user=anna)
    assert digest.date == change_day
    assert digest.status == DigestStatus.SENT
