"""Content-Security-Policy and Permissions-Policy on every response, a policy the pages keep
(no inline script anywhere: a crawl checks every page it can reach), and HSTS that commits
subdomains or the preload list only when asked to."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.api.world import build_world

BASE = Path(django_settings.BASE_DIR)
# A <script> without src= that is not a JSON data block.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)
HREF = re.compile(r"""href="([^"#]*)""")
SKIP = ("/accounts/logout", "/static/", "/media/", "/i18n/", "/admin/logout")
# Django's own admin pages that show no form of ours: one change form per model is enough.
SKIP_ADMIN = re.compile(r"^/admin/.*/(history|delete)/")


def csp(response: Any) -> dict[str, list[str]]:
    parts = [p.split() for p in response["Content-Security-Policy"].split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz", "/api/v1/organisations/"])
def test_every_response_forbids_inline_scripts_and_unused_browser_features(url: str) -> None:
    response = Client().get(url)
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    # Style attributes are allowed (the templates use them), style elements are not.
    assert policy["style-src"] == ["'self'"] and policy["style-src-attr"] == ["'unsafe-inline'"]
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert features["camera"] == features["geolocation"] == features["microphone"] == "()"


def _crawl(client: Client, starts: list[str], limit: int) -> dict[str, str]:
    """Every HTML page reachable from ``starts`` by GET links: one visit per kind of page
    (``/organizacje/12/`` stands for every organisation's page)."""
    seen: set[str] = set()
    pages: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(pages) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        shape = re.sub(r"\d+", "N", path)
        if shape in seen or path.startswith(SKIP) or SKIP_ADMIN.match(path):
            continue
        seen.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages[url] = html
        for href in HREF.findall(html):
            target = urljoin(url, href.replace("&amp;", "&"))
            if not urlsplit(target).netloc and target.startswith("/"):
                queue.append(target)
    return pages


@pytest.mark.django_db
# The admin's URLField warns about Django 6's default scheme: not what this test is about.
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")
def test_no_page_has_inline_script_handlers_or_style_elements(admin_user: Any) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    build_world(assignee=admin_user)
    client = Client()
    client.force_login(admin_user)

    pages = _crawl(client, ["/", "/admin/", "/api/docs/", "/katalog/"], limit=400)

    assert len(pages) > 60, sorted(pages)
    found = {
        url: [m.group(0)[:80] for rule in (INLINE_SCRIPT, HANDLER, STYLE_ELEMENT, JS_URL)
              for m in rule.finditer(html)]
        for url, html in pages.items()
    }  # fmt: skip
    assert {url: hits for url, hits in found.items() if hits} == {}


def _production_settings(**extra: str) -> dict[str, Any]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SILENCED_SYSTEM_CHECKS]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "off",
        "DJANGO_SECRET_KEY": "x" * 64,
        **extra,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE, capture_output=True, text=True, check=True
    )
    names = ["seconds", "subdomains", "preload", "silenced"]
    return dict(zip(names, json.loads(out.stdout), strict=True))


def test_hsts_covers_this_host_only_unless_configured() -> None:
    default = _production_settings()
    assert default == {
        "seconds": 31536000,
        "subdomains": False,
        "preload": False,
        "silenced": ["security.W005", "security.W021"],
    }
    opted_in = _production_settings(SECURE_HSTS_INCLUDE_SUBDOMAINS="on", SECURE_HSTS_PRELOAD="on")
    assert (opted_in["subdomains"], opted_in["preload"], opted_in["silenced"]) == (True, True, [])


@pytest.mark.django_db
def test_hsts_header_follows_the_settings(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = False
    assert Client().get("/healthz", secure=True)["Strict-Transport-Security"] == "max-age=31536000"
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    assert Client().get("/healthz", secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
