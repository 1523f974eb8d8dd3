"""The second factor (TOTP): required at sign-in once a person enrolled, and for the roles in
``OTP_REQUIRED_ROLES`` (administrators and managers) when ``OTP_REQUIRED`` is on.

django-otp's middleware tells whether this session has passed the second factor
(``user.is_verified()``); this one sends a session that has not to the page that asks for the
code (or, when the role must and nobody enrolled yet, to the enrolment page). API requests
signed with a token are not sessions and are not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django_otp import user_has_device

# Where a half-signed-in person may still go: the two pages, signing out, the language.
_OPEN = ("/konto/dwuetapowe/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


def must_enrol(user: Any) -> bool:
    role = getattr(user, "role", None)
    return bool(settings.OTP_REQUIRED) and role in settings.OTP_REQUIRED_ROLES


def needs_code(user: Any) -> bool:
    """Signed in with a password, but the session has not passed the second factor yet."""
    return user.is_authenticated and not user.is_verified() and user_has_device(user)


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path_info.startswith(_OPEN):
            return self.get_response(request)
        if needs_code(user):
            target, message = (
                "signin:two_factor_verify",
                gettext("Enter the code from your authenticator app to finish signing in."),
            )
        elif must_enrol(user) and not user_has_device(user):
            target, message = (
                "signin:two_factor_setup",
                gettext("Your role must use two-step sign-in: set it up to continue."),
            )
        else:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            body = {"message": message, "code": "second_factor", "errors": {}}
            return JsonResponse(body, status=403)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
