"""Sign-in and API abuse: lock-out per account and per address, API throttling, tokens that
expire and can be revoked, and two-step sign-in (TOTP)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from crm.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-1"  # tests/conftest.py's personas


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()


def sign_in(username: str, password: str, address: str = "10.0.0.1", **extra: Any) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="pl", **extra,
    )  # fmt: skip


def test_an_account_is_locked_after_repeated_failures_from_any_address(manager: User) -> None:
    for attempt in range(2):
        assert sign_in("manager", "wrong", address=f"10.0.0.{attempt + 1}").status_code == 200
    assert sign_in("manager", "wrong", address="10.0.0.3").status_code == 429
    locked = sign_in("manager", PASSWORD, address="10.9.9.9")
    assert locked.status_code == 429
    assert "Zbyt wiele nieudanych prób logowania" in locked.content.decode()

    call_command("axes_reset_username", "manager")
    assert sign_in("manager", PASSWORD).status_code == 302


def test_an_address_is_locked_after_failures_on_many_accounts(manager: User, viewer: User) -> None:
    for name in ("ala", "ola", "ela"):
        sign_in(name, "wrong", address="10.0.0.7", HTTP_X_FORWARDED_FOR=f"1.2.3.{len(name)}")
    # X-Forwarded-For is the client's to write: without a trusted proxy it changes nothing.
    spoofed = sign_in("manager", PASSWORD, address="10.0.0.7", HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert spoofed.status_code == 429
    assert sign_in("manager", PASSWORD, address="10.0.0.8").status_code == 302


def test_an_administrator_sees_and_clears_lockouts_in_the_admin(
    admin_user: User, manager: User
) -> None:
    for _ in range(3):
        sign_in("manager", "wrong")
    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "manager" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="manager")
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert sign_in("manager", PASSWORD).status_code == 302


def test_the_api_throttles_anonymous_and_signed_in_use_with_a_json_429(
    settings: Any, api: Any, viewer: User
) -> None:
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "3/minute"}
    anonymous = Client(REMOTE_ADDR="10.1.1.1")
    codes = [anonymous.get("/api/v1/organisations/").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    guessing = Client(REMOTE_ADDR="10.1.1.2", HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert [guessing.get("/api/v1/organisations/").status_code for _ in range(3)] == [401, 401, 429]
    client = api(viewer)
    codes = [client.get("/api/v1/subregions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/subregions/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.json()["code"] == "throttled"
    assert set(refused.json()) == {"message", "code", "errors"}
    assert int(refused["Retry-After"]) > 0


def test_an_api_token_expires(settings: Any, viewer: User) -> None:
    settings.API_TOKEN_LIFETIME_DAYS = 90
    token = Token.objects.create(user=viewer)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/subregions/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=91))
    expired = client.get("/api/v1/subregions/", HTTP_ACCEPT_LANGUAGE="pl")
    assert expired.status_code == 401
    assert "wygasł" in expired.json()["message"]


def test_my_api_tokens_page_makes_a_key_shown_once_and_revokes_it(viewer: User) -> None:
    page = Client()
    page.force_login(viewer)
    empty = page.get("/konto/tokeny-api/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Nie masz tokenu API" in empty

    made = page.post("/konto/tokeny-api/", {"action": "create"}).content.decode()
    key = Token.objects.get(user=viewer).key
    assert key in made
    assert key not in page.get("/konto/tokeny-api/").content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/subregions/").status_code == 200

    page.post("/konto/tokeny-api/", {"action": "revoke"})
    assert api.get("/api/v1/subregions/").status_code == 401


def test_an_administrator_revokes_someone_elses_token(admin_user: User, viewer: User) -> None:
    token = Token.objects.create(user=viewer)
    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    response = client.post(f"/admin/authtoken/tokenproxy/{viewer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(pk=token.pk).exists()


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def enrol(client: Client) -> TOTPDevice:
    page = client.get("/konto/dwuetapowe/").content.decode()
    assert "<svg" in page and 'data-testid="otp-secret"' in page
    device = TOTPDevice.objects.get(confirmed=False)
    assert client.post("/konto/dwuetapowe/", {"code": "000000"}).status_code == 200
    assert client.post("/konto/dwuetapowe/", {"code": _current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_once_enrolled_a_code_is_required_after_the_password(manager: User) -> None:
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
    assert signed_in.status_code == 302
    device = enrol(client)

    again = Client()
    again.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
    home = again.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/konto/dwuetapowe/kod/")
    assert again.get("/api/v1/organisations/").status_code == 403
    assert again.post("/konto/dwuetapowe/wylacz/").status_code == 403  # a password alone
    device.last_t = -1
    device.save()
    answer = again.post("/konto/dwuetapowe/kod/", {"code": _current_code(device), "next": "/"})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert again.get("/").status_code == 200


def test_the_setting_makes_it_mandatory_for_managers_and_administrators(
    settings: Any, manager: User, team_member: User
) -> None:
    settings.OTP_REQUIRED = True
    client = Client()
    client.force_login(manager)
    response = client.get("/organizacje/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/dwuetapowe/")
    team = Client()
    team.force_login(team_member)
    assert team.get("/organizacje/").status_code == 200
    enrol(client)
    assert client.get("/organizacje/").status_code == 200
    assert client.post("/konto/dwuetapowe/wylacz/").status_code == 302
    assert TOTPDevice.objects.filter(user=manager).exists()  # the role must keep it
