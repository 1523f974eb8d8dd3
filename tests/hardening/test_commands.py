"""``crm_user --password-from-env`` applies the same password rules as the application."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from crm.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["123", "password", "kierownik-projektu", "12345678901"])
def test_crm_user_refuses_a_weak_password_and_says_why(
    monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    with pytest.raises(CommandError) as refused:
        call_command(
            "crm_user", "kierownik-projektu", "--role", "admin",
            "--password-from-env", "ADMIN_PASSWORD", stdout=io.StringIO(),
        )  # fmt: skip
    assert "ADMIN_PASSWORD was refused" in str(refused.value)
    assert any(word in str(refused.value) for word in ("too short", "too common", "similar"))
    assert not User.objects.filter(username="kierownik-projektu").exists()


def test_crm_user_keeps_the_old_password_when_the_new_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", "Dluga-fraza-123")
    call_command(
        "crm_user", "anna", "--role", "manager", "--password-from-env", "ADMIN_PASSWORD",
        stdout=io.StringIO(),
    )  # fmt: skip
    monkeypatch.setenv("ADMIN_PASSWORD", "anna")
    with pytest.raises(CommandError, match=r"too short|similar"):
        call_command(
            "crm_user", "anna", "--role", "admin", "--password-from-env", "ADMIN_PASSWORD",
            stdout=io.StringIO(),
        )  # fmt: skip
    assert User.objects.get(username="anna").role == "manager"
    assert Client().login(username="anna", password="Dluga-fraza-123")
