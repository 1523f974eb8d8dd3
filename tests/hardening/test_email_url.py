"""Every e-mail setting comes from ``EMAIL_URL`` (a ``filemail://`` digest crashed with a
TypeError and stayed "sending" for 15 minutes: the file path was dropped)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from config.email_url import email_config
from interactions.models import DigestStatus, FollowUpDigest
from tests.interactions.factories import StaffFactory, follow_up_due

BASE = Path(django_settings.BASE_DIR)
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def settings_with(email_url: str) -> dict[str, Any]:
    """The e-mail settings a process started with ``EMAIL_URL=email_url`` really has."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in dir(s) if k.startswith('EMAIL_')}))"
    )
    env = {**os.environ, "EMAIL_URL": email_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_filemail_url_gives_the_absolute_file_path_to_the_process() -> None:
    loaded = settings_with("filemail:///tmp/x")
    assert loaded["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert loaded["EMAIL_FILE_PATH"] == "/tmp/x"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.example.pl", ("relay.example.pl", 25, "", "", False, False, 30)),
        (
            "smtp+tls://siec%40rops.pl:p%40ss@smtp.example.pl:587",
            ("smtp.example.pl", 587, "siec@rops.pl", "p@ss", True, False, 30),
        ),
        ("smtp+tls://u:p@smtp.example.pl", ("smtp.example.pl", 587, "u", "p", True, False, 30)),
        ("smtps://u:p@smtp.example.pl:587", ("smtp.example.pl", 587, "u", "p", True, False, 30)),
        ("smtp+ssl://u:p@smtp.example.pl", ("smtp.example.pl", 465, "u", "p", False, True, 30)),
        (
            "smtp://relay.example.pl:2525?timeout=5",
            ("relay.example.pl", 2525, "", "", False, False, 5),
        ),
    ],
)
def test_smtp_urls_set_every_smtp_setting(url: str, expected: tuple[Any, ...]) -> None:
    config = email_config(url, django_settings.VAR_DIR)
    keys = ("HOST", "PORT", "HOST_USER", "HOST_PASSWORD", "USE_TLS", "USE_SSL", "TIMEOUT")
    assert config["EMAIL_BACKEND"] == SMTP
    assert tuple(config[f"EMAIL_{key}"] for key in keys) == expected


def test_an_empty_filemail_path_writes_under_var(settings: Any) -> None:
    expected = str(settings.VAR_DIR / "mail")
    assert email_config("filemail://", settings.VAR_DIR)["EMAIL_FILE_PATH"] == expected


@pytest.mark.django_db
def test_a_digest_sent_through_filemail_is_written_and_recorded_sent(
    settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    for key, value in email_config(f"filemail://{tmp_path / 'mail'}", settings.VAR_DIR).items():
        setattr(settings, key, value)
    day = datetime.date(2026, 11, 20)
    anna = StaffFactory(first_name="Anna")
    follow_up_due(anna, day, title="Wysłać zaproszenie na targi")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_up_digests", "--date", day.isoformat())

    assert FollowUpDigest.objects.get(user=anna, date=day).status == DigestStatus.SENT
    written = list((tmp_path / "mail").iterdir())
    assert len(written) == 1
    assert anna.email in written[0].read_text()
