"""``/healthz`` names every part that is down (database, Redis, worker, beat) with a 503."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from config.celery import app as celery_app
from crm import health
from crm.tasks import heartbeat

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://:s3cret@127.0.0.1:1/0"


@pytest.fixture
def with_worker(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Production's shape: tasks go to a worker through Redis (the ping is faked as fine)."""
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    monkeypatch.setattr(health, "_redis", lambda: health.OK)
    celery_app.conf.task_always_eager = False
    cache.clear()
    yield
    celery_app.conf.task_always_eager = True  # the suite's in-process default (tests/conftest)
    cache.clear()


def get(url: str = "/healthz") -> tuple[int, dict[str, Any]]:
    response = Client().get(url)
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def test_embedded_set_up_is_healthy_with_the_database_only(settings: Any) -> None:
    settings.REDIS_URL = ""
    assert get() == (200, {"status": "ok", "checks": {"database": "ok"}, "failing": []})


def test_redis_down_is_a_503_naming_redis_and_leaking_nothing(settings: Any) -> None:
    settings.REDIS_URL = CLOSED_PORT
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "redis": "unavailable"},
        "failing": ["redis"],
    }
    text = response.content.decode()
    assert "127.0.0.1" not in text and "s3cret" not in text and "Error" not in text


def test_database_down_is_a_503_naming_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> str:
        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(health, "_database", refuse)
    status, body = get()
    assert (status, body["failing"]) == (503, ["database"])
    assert "db.internal" not in str(body)


def test_worker_and_beat_never_seen_then_fresh_then_stale(with_worker: None) -> None:
    status, body = get()
    assert status == 503
    assert body["checks"] == {
        "database": "ok", "redis": "ok", "worker": "never seen", "beat": "never seen",
    }  # fmt: skip

    health.record_beat(sender="crm.heartbeat")  # beat publishes the heartbeat ...
    heartbeat.apply()  # ... and a worker runs it
    assert get() == (
        200,
        {
            "status": "ok",
            "checks": {"database": "ok", "redis": "ok", "worker": "ok", "beat": "ok"},
            "failing": [],
        },
    )

    long_ago = (timezone.now() - datetime.timedelta(minutes=6)).isoformat()
    cache.set(health.WORKER_KEY, long_ago)
    status, body = get()
    assert (status, body["failing"], body["checks"]["worker"]) == (503, ["worker"], "stale")


def test_other_tasks_published_are_not_beat(with_worker: None) -> None:
    health.record_beat(sender="interactions.dispatch_follow_up_digests")
    assert cache.get(health.BEAT_KEY) is None


def test_load_balancer_scope_ignores_a_stopped_worker(with_worker: None) -> None:
    assert get("/healthz")[0] == 503
    assert get("/healthz?scope=web") == (
        200,
        {"status": "ok", "checks": {"database": "ok", "redis": "ok"}, "failing": []},
    )


def test_beat_schedules_the_heartbeat_every_minute(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["crm.heartbeat"]
    assert entry["task"] == health.HEARTBEAT_TASK and entry["schedule"] <= 60


@pytest.mark.skipif("not __import__('os').environ.get('REDIS_URL')", reason="needs REDIS_URL")
def test_real_redis_answers(settings: Any) -> None:
    import os

    settings.REDIS_URL = os.environ["REDIS_URL"]
    status, body = get("/healthz?scope=web")
    assert (status, body["checks"]["redis"]) == (200, "ok")
