"""The monitoring's pages and its API cover the same years, from FIRST_YEAR on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from crm.top.monitoring.years import FIRST_YEAR, default_year

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_offer_and_the_api_accepts_the_same_first_year(manager: Any) -> None:
    client = _client(manager)

    page = client.get(f"/wskazniki/?year={FIRST_YEAR - 1}").content.decode()
    first = client.get(f"/api/v1/indicators/?year={FIRST_YEAR}")
    before = client.get(f"/api/v1/indicators/?year={FIRST_YEAR - 1}", HTTP_ACCEPT_LANGUAGE="pl")

    assert f'<option value="{FIRST_YEAR}"' in page
    assert f'<option value="{FIRST_YEAR - 1}"' not in page
    assert f'<option value="{default_year()}" selected' in page  # the refused year falls back
    assert first.status_code == 200
    assert before.status_code == 400
    assert before.json()["errors"]["year"] == [f"Rok od {FIRST_YEAR} do przyszłego roku."]
