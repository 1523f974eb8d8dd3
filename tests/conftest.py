"""Persona fixtures shared by every test: one user per role, and the subregions they work in."""

from __future__ import annotations

from typing import Any

import pytest

from config.celery import app as celery_app
from crm.access import unscoped
from crm.models import Gmina, Powiat, Role, Subregion, User
from crm.territory.loading import load_shipped


@pytest.fixture(autouse=True)
def _unscoped_test_body() -> Any:
    """Tests create and check rows with ``Model.objects`` freely; every request they make
    through the test client, and every task they run, is strict again (crm.scoping)."""
    with unscoped("test setup and assertions"):
        yield


@pytest.fixture(autouse=True)
def _celery_in_process() -> Any:
    """Tasks run in-process in tests, whatever REDIS_URL says (a marked test may override)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _shipped_territory(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush every table afterwards, including the territory that a data
    migration loaded; the next transactional test gets it back here."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return
    request.getfixturevalue("transactional_db")
    if not Gmina.objects.exists():
        load_shipped(subregion_model=Subregion, powiat_model=Powiat, gmina_model=Gmina)


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploads, exports and reports a test writes go to a folder of its own, never into the
    checkout's var/media, which CI's two side-by-side runs (and `make run`) share."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _no_api_throttling(settings: Any) -> None:
    """The suite sends hundreds of API requests a minute as one persona; the throttling's own
    tests (tests/hardening/test_signin.py) turn it back on."""
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}


@pytest.fixture
def subregion_a(db: None) -> Subregion:
    return Subregion.objects.get(slug="bielski")


@pytest.fixture
def subregion_b(db: None) -> Subregion:
    return Subregion.objects.get(slug="suwalski")


def _user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(
        username=username, password="test-password-1", role=role, **extra
    )


@pytest.fixture
def admin_user(db: None) -> User:
    return _user("admin", Role.ADMIN, is_staff=True)


@pytest.fixture
def manager(db: None) -> User:
    return _user("manager", Role.MANAGER, first_name="Maria", last_name="Kierownik")


@pytest.fixture
def team_member(db: None) -> User:
    return _user("team", Role.TEAM, first_name="Tomasz", last_name="Animator")


@pytest.fixture
def owes_partner(subregion_a: Subregion) -> User:
    user = _user("owes", Role.OWES_PARTNER)
    user.subregions.add(subregion_a)
    return user


@pytest.fixture
def viewer(db: None) -> User:
    return _user("viewer", Role.VIEWER)
