"""``/healthz``: is every part the application needs working?

Checked on every call, each in a few milliseconds: the database (``SELECT 1``), Redis when it
is configured (a ping, one-second timeouts), and — when tasks run in a Celery worker rather
than in-process — the worker's heartbeat and beat's last run. Beat sends ``crm.heartbeat``
every minute; publishing it records beat's time (``before_task_publish`` fires in the beat
process), running it records the worker's. Both are kept in the cache, which is Redis whenever
a worker is used, so every web process sees them. A part is stale when its time is older than
``HEALTH_STALE_MINUTES``.

The answer names each part and says ``ok`` or what is wrong with it, nothing more: no versions,
no host names, no error texts (those go to the log, without credentials).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)

HEARTBEAT_TASK = "crm.heartbeat"
WORKER_KEY = "health:worker"
BEAT_KEY = "health:beat"
OK = "ok"
# Kept far longer than "stale", so that a stopped worker shows as stale, not as never seen.
_KEEP_SECONDS = 7 * 24 * 3600


def record(key: str) -> None:
    cache.set(key, timezone.now().isoformat(), _KEEP_SECONDS)


def record_beat(sender: Any = None, **_kwargs: Any) -> None:
    """``before_task_publish`` receiver: beat is publishing the heartbeat, so beat is alive."""
    if sender == HEARTBEAT_TASK:
        record(BEAT_KEY)


def beat_started(sender: Any = None, **_kwargs: Any) -> None:
    """``beat_init`` receiver: a first heartbeat at once, not a minute after a (re)start."""
    current_app.send_task(HEARTBEAT_TASK)


def uses_worker() -> bool:
    """Whether tasks go to a Celery worker (with a broker) instead of running in-process."""
    return bool(settings.REDIS_URL) and not current_app.conf.task_always_eager


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def _redis() -> str:
    import redis  # only where Redis is configured

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1, retry_on_timeout=False
    )
    try:
        client.ping()
    finally:
        client.close()
    return OK


def _fresh(key: str) -> Callable[[], str]:
    def check() -> str:
        seen = cache.get(key)
        if not seen:
            return "never seen"
        age = timezone.now() - datetime.datetime.fromisoformat(seen)
        if age > datetime.timedelta(minutes=settings.HEALTH_STALE_MINUTES):
            return "stale"
        return OK

    return check


def checks(*, web_only: bool = False) -> dict[str, Callable[[], str]]:
    found: dict[str, Callable[[], str]] = {"database": _database}
    if settings.REDIS_URL:
        found["redis"] = _redis
    if not web_only and uses_worker():
        found["worker"] = _fresh(WORKER_KEY)
        found["beat"] = _fresh(BEAT_KEY)
    return found


def report(*, web_only: bool = False) -> tuple[bool, dict[str, str]]:
    """(healthy, {part: "ok" or what is wrong}) for every part in use."""
    results: dict[str, str] = {}
    for name, check in checks(web_only=web_only).items():
        try:
            results[name] = check()
        except Exception as error:  # any failure of a part is that part's state, never a 500
            log.warning("health check %s failed: %s", name, type(error).__name__)
            results[name] = "unavailable"
    return all(value == OK for value in results.values()), results
