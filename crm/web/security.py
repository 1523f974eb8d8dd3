"""Content-Security-Policy and Permissions-Policy on every response.

The pages load their one script and one style sheet from ``static/`` and run no inline script
(no ``<script>`` without ``src``, no ``on…=`` handler: ``tests/hardening/test_headers.py``
crawls the pages to keep it so), so ``script-src 'self'`` costs nothing. Inline ``style=``
attributes do exist (layout tweaks, the colour of a chart's legend): ``style-src-attr
'unsafe-inline'`` allows them while ``<style>`` elements and foreign style sheets stay
forbidden. An attribute cannot select other elements, and with ``img-src``/``font-src``
limited to ourselves it cannot send anything anywhere either.

The policy is ``settings.CONTENT_SECURITY_POLICY`` (directive → sources); a view that needs
another one sets the header itself and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def header_value(directives: dict[str, list[str]]) -> str:
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in directives.items()
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = header_value(settings.CONTENT_SECURITY_POLICY)
        policy = settings.PERMISSIONS_POLICY
        self.permissions = ", ".join(f"{name}=({' '.join(v)})" for name, v in policy.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
