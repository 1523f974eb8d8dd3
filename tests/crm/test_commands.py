"""The management commands people run: seed_demo, crm_user, demo_login."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from contacts.models import Affiliation, EmploymentSnapshot, Organisation, Person
from contacts.models import SocialEnterpriseStatus as Status
from crm.models import Role, User

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Person, Affiliation, Status, EmploymentSnapshot)
    }


def test_seed_demo_is_idempotent_and_covers_podlaskie() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    assert 300 <= first["Organisation"] <= 1000
    covered = Organisation.objects.values("gmina__subregion").distinct().count()
    assert covered == 4
    assert Organisation.objects.values("gmina").distinct().count() >= 118
    assert Status.objects.filter(kind="statutory").exists()
    assert Status.objects.filter(kind="legacy").exists()
    assert Organisation.objects.filter(name__contains="ł").exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


class _Rollback(Exception):
    pass


def _seed_and_read(seed: str) -> list[tuple[str, str | None]]:
    """Seed inside a transaction that is rolled back, so the next seed starts from nothing."""
    names: list[tuple[str, str | None]] = []
    try:
        with transaction.atomic():
            call_command("seed_demo", "--seed", seed, stdout=io.StringIO())
            names = list(Organisation.objects.order_by("nip", "name").values_list("name", "nip"))
            raise _Rollback
    except _Rollback:
        pass
    return names


def test_seed_demo_is_deterministic() -> None:
    first = _seed_and_read("7")
    assert not Organisation.objects.exists()
    assert _seed_and_read("7") == first
    assert _seed_and_read("8") != first


def test_crm_user_creates_a_working_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEW_PASSWORD", "Dluga-fraza-123")
    call_command(
        "crm_user",
        "ola",
        "--role",
        "owes_partner",
        "--subregion",
        "bielski",
        "--password-from-env",
        "NEW_PASSWORD",
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="ola")
    assert user.role == Role.OWES_PARTNER
    assert list(user.subregions.values_list("slug", flat=True)) == ["bielski"]
    assert Client().login(username="ola", password="Dluga-fraza-123")


def test_crm_user_updates_the_role_and_refuses_unknown_subregions() -> None:
    call_command("crm_user", "ola", "--role", "viewer", stdout=io.StringIO())
    call_command("crm_user", "ola", "--role", "admin", stdout=io.StringIO())
    assert User.objects.get(username="ola").is_superuser
    with pytest.raises(CommandError):
        call_command("crm_user", "ola", "--role", "owes_partner", "--subregion", "mazowiecki")
    with pytest.raises(CommandError):
        call_command("crm_user", "ola", "--role", "owes_partner")


def test_demo_login_prints_a_generated_password_that_works(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("demo_login", stdout=out)
    password = out.getvalue().split("password:")[1].split()[0]
    assert len(password) >= 12
    assert Client().login(username="demo", password=password)
    again = io.StringIO()
    call_command("demo_login", stdout=again)
    assert f"password: {password}" in again.getvalue()


def test_demo_login_prints_the_address_runserver_listens_on(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("demo_login", "--port", "9001", stdout=out)
    assert "http://127.0.0.1:9001" in out.getvalue()
    monkeypatch.setenv("PORT", "8123")
    from_env = io.StringIO()
    call_command("demo_login", stdout=from_env)
    assert "http://127.0.0.1:8123" in from_env.getvalue()
    assert "8000" not in from_env.getvalue()
