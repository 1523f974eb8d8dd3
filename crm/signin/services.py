"""Every write of sign-in protection: second-factor devices and API tokens, logged."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from crm.access import require_capability
from crm.audit.services import action_log_write
from crm.signin.otp import must_enrol
from crm.users import User


def two_factor_pending_device(*, actor: Any) -> TOTPDevice:
    """The device being enrolled (not yet confirmed): the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=actor, name="Sieć", confirmed=False)


@transaction.atomic
def two_factor_confirm(*, actor: Any, device: TOTPDevice, code: str) -> None:
    """Raises: ValidationError when the code is not the current one of ``device``."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationError(_("This code is not right. Enter the code the app shows now."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    action_log_write(actor=actor, verb="crm.user.two_factor_enrolled", obj=actor)


@transaction.atomic
def two_factor_remove(*, actor: Any, user: Any) -> None:
    """Raises: PermissionDenied when someone else's or a role that must keep it."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    if actor.pk == user.pk and must_enrol(user):
        raise PermissionDenied(_("Your role must use two-step sign-in."))
    TOTPDevice.objects.filter(user=user).delete()
    action_log_write(actor=actor, verb="crm.user.two_factor_removed", obj=user)


@transaction.atomic
def api_token_create(*, actor: Any) -> Token:
    """A new token for ``actor``, replacing the one they had (which stops working at once)."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    action_log_write(actor=actor, verb="crm.api_token.created", obj=actor)
    return token


@transaction.atomic
def api_token_revoke(*, actor: Any, user: Any = None) -> bool:
    """Revoke the token of ``user`` (by default the actor's own); another's, administrators only.

    Raises: PermissionDenied.
    """
    owner = actor if user is None else user
    if owner.pk != actor.pk:
        require_capability(actor, "users.manage")
    deleted, _rows = Token.objects.filter(user=owner).delete()
    if deleted:
        action_log_write(actor=actor, verb="crm.api_token.revoked", obj=owner)
    return bool(deleted)


@transaction.atomic
def lockout_clear(*, actor: Any, attempt: AccessAttempt) -> None:
    """Forget the failed sign-ins of one account or address, so that it may try again.

    The log names the account when there is one, never the address or the typed name.

    Raises: PermissionDenied unless the actor manages users.
    """
    require_capability(actor, "users.manage")
    account = User.objects.filter(username=attempt.username).first()
    action_log_write(
        actor=actor,
        verb="crm.signin.lockout_cleared",
        obj=account,
        details={"attempt": attempt.pk},
    )
    attempt.delete()
