"""Every API error as JSON ``{"message", "code", "errors"}``, in the user's language.

Services raise Django's ``ValidationError`` and ``PermissionDenied``; the database raises
``IntegrityError`` when a unique identifier races past validation. They become 400, 403 and 409
here, so bad input is never a 500. A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError, UniqueConstraint
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from crm.api.parsers import NulByte
from crm.web import nul

# SQLSTATE of unique and exclusion violations (PostgreSQL).
_CONFLICT_STATES = frozenset({"23505", "23P01"})
# Validation codes that mean "another record is in the way" rather than "this input is wrong".
_CONFLICT_CODES = frozenset({"unique", "unique_together", "overlap"})


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with an existing record.")
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def _non_field_key() -> str:
    return str(api_settings.NON_FIELD_ERRORS_KEY)


def _unique_constraints() -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Constraint name → (fields, custom message), for every unique-like constraint we have."""
    found: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            is_unique = isinstance(constraint, UniqueConstraint)
            if not is_unique and "exclusion" not in type(constraint).__name__.lower():
                continue
            fields = tuple(getattr(constraint, "fields", ()) or ())
            custom = constraint.violation_error_message
            default = constraint.default_violation_error_message
            found[constraint.name] = (
                fields,
                str(custom) if custom and str(custom) != str(default) else None,
            )
    return found


def _conflict_detail(name: str | None, field: str | None = None) -> dict[str, list[str]]:
    """Where and how to report a taken value: on its field when there is one."""
    fields, custom = _unique_constraints().get(name or "", ((), None))
    message = custom or gettext("Another record already has this value.")
    if field and field != NON_FIELD_ERRORS:
        key = field
    elif len(fields) == 1:
        key = fields[0]
    else:
        key = _non_field_key()
    return {key: [message]}


def _constraint_named_in(message: str) -> str | None:
    """Django's default violation message names the constraint; custom ones are matched whole."""
    for name, (_fields, custom) in _unique_constraints().items():
        if (custom and message == custom) or f"“{name}”" in message or f'"{name}"' in message:
            return name
    return None


def _is_conflict(item: DjangoValidationError, constraint: str | None) -> bool:
    code = item.code or ""
    return bool(constraint) or code in _CONFLICT_CODES or code.endswith("_taken")


def _from_django_validation(error: DjangoValidationError) -> exceptions.APIException:
    if not hasattr(error, "error_dict"):
        messages = list(error.messages)
        if error.error_list and all(_is_conflict(item, None) for item in error.error_list):
            return Conflict({_non_field_key(): messages})
        return exceptions.ValidationError({_non_field_key(): messages})
    fields: dict[str, list[str]] = {}
    conflicts: dict[str, list[str]] = {}
    for name, errors in error.error_dict.items():
        key = _non_field_key() if name == NON_FIELD_ERRORS else name
        for item in errors:
            message = str(item.message % item.params if item.params else item.message)
            constraint = _constraint_named_in(message)
            if not _is_conflict(item, constraint):
                fields.setdefault(key, []).append(message)
            elif constraint is None:
                conflicts.setdefault(key, []).append(message)
            else:
                for field, messages in _conflict_detail(constraint, name).items():
                    conflicts.setdefault(field, []).extend(messages)
    if conflicts and not fields:
        return Conflict(conflicts)
    for field, messages in conflicts.items():
        fields.setdefault(field, []).extend(messages)
    return exceptions.ValidationError(fields)


def _from_integrity(error: IntegrityError) -> exceptions.APIException:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in _CONFLICT_STATES:
        diag = getattr(cause, "diag", None)
        return Conflict(_conflict_detail(getattr(diag, "constraint_name", None)))
    text = str(error)
    if text.startswith("UNIQUE constraint failed:"):
        columns = [part.strip().rsplit(".", 1)[-1] for part in text.split(":", 1)[1].split(",")]
        fields = [column.removesuffix("_id") for column in columns]
        message = gettext("Another record already has this value.")
        return Conflict({field: [message] for field in fields})
    return exceptions.ValidationError(
        {_non_field_key(): [gettext("The data breaks a rule of the database.")]}
    )


def translate(exc: Exception) -> Exception:
    """The API exception that stands for ``exc`` (unchanged when DRF already knows it)."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, DjangoValidationError):
        return _from_django_validation(exc)
    if isinstance(exc, IntegrityError):
        return _from_integrity(exc)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict(gettext("Other records still refer to it, so it cannot be deleted."))
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound()
    return exc


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    detail = exc.detail
    if isinstance(exc, NulByte):
        return nul.api_error(exc.fields)
    code = str(getattr(exc, "default_code", "error"))
    if isinstance(detail, dict):
        if isinstance(exc, Conflict):
            message = gettext("This conflicts with an existing record.")
        else:
            message = gettext("Some of the data is not valid.")
        return {"message": message, "code": code, "errors": detail}
    if isinstance(detail, list):
        messages = [str(item) for item in detail]
        return {
            "message": messages[0] if messages else str(exc.default_detail),
            "code": code,
            "errors": {_non_field_key(): messages} if messages else {},
        }
    return {"message": str(detail), "code": str(getattr(detail, "code", code)), "errors": {}}


def _throttle_anonymous(exc: Exception, context: dict[str, Any]) -> Exception:
    """A refused sign-in counts against the address's anonymous rate, and past it is a 429.

    DRF checks throttles after authentication and permissions, so without this a client
    guessing tokens (or with none) would only ever see 401s, never slowed down.
    """
    from crm.api.throttling import AnonThrottle

    request, view = context.get("request"), context.get("view")
    if request is None or not isinstance(
        exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed
    ):
        return exc
    throttle = AnonThrottle()
    if throttle.allow_request(request, view):
        return exc
    return exceptions.Throttled(wait=throttle.wait())


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _throttle_anonymous(translate(exc), context)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = error_body(exc)
    return response
