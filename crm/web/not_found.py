"""The application's own 404 page in development too.

With ``DJANGO_DEBUG=on`` (the default of `make run`) Django answers an unknown address with its
English technical page, listing every URL pattern: not what someone trying the application
should see, and not what production shows. This swaps that page for the project's (Polish or
English, with the navigation); the API keeps its JSON 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Django's technical 404 page says why it is shown; the project's pages never say this.
_TECHNICAL_MARK = b"DEBUG = True"


class ProjectNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "streaming", False)
            and _TECHNICAL_MARK in response.content
        ):
            from crm.api.views import page_not_found

            return page_not_found(request)
        return response
