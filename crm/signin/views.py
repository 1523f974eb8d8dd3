"""The pages of one's own sign-in: two-step sign-in (enrol, enter the code, remove) and
"Moje tokeny API" (the key is shown once, when it is made)."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from rest_framework.authtoken.models import Token

from crm.signin import services
from crm.signin.otp import must_enrol
from crm.signin.tokens import expires_at, is_expired


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe else "/"


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user):
        required = must_enrol(request.user)
        return render(request, "signin/two_factor_status.html", {"required": required})
    device = services.two_factor_pending_device(actor=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = form.cleaned_data["code"]
            services.two_factor_confirm(actor=request.user, device=device, code=code)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on: from now on we ask for a code."))
            return redirect(_next(request))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - our own SVG, no input in it
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next(request),
    }
    return render(request, "signin/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("This code is not right. Enter the code the app shows now."))
    return render(request, "signin/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[union-attr]  # a password alone is not enough
        raise PermissionDenied
    try:
        services.two_factor_remove(actor=request.user, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do this."))
    else:
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("signin:two_factor_setup")


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.api_token_revoke(actor=request.user):
                messages.success(request, _("The token was revoked: it no longer works."))
            return redirect("signin:api_tokens")
        new_key = services.api_token_create(actor=request.user).key
    token = Token.objects.filter(user=request.user).first()  # type: ignore[misc]
    context = {
        "token": token,
        "new_key": new_key,
        "expires_at": expires_at(token) if token else None,
        "expired": is_expired(token) if token else False,
        "lifetime": settings.API_TOKEN_LIFETIME_DAYS,
    }
    return render(request, "signin/api_tokens.html", context)


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """What django-axes answers to a locked-out account or address (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
