"""The one permission class of the API: it asks ``crm.access``, never decides by itself.

Visibility is the queryset's job (``ScopedViewSetMixin`` starts it from ``access.scope``), so an
object out of reach is a 404. What is visible but not editable (an OWES partner on another
subregion's organisation, a viewer writing anything) is a 403.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from crm import access
from crm.access import Action

_BY_METHOD = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


def action_of(request: Request, view: Any) -> str:
    """The access action a request needs; a view may name it per DRF action (``end`` → change),
    or a shared action may carry it (``@action(..., access_action=Action.CHANGE)``)."""
    explicit = getattr(view, "access_action", None)
    if explicit:
        return str(explicit)
    per_action: dict[str, str] = getattr(view, "access_actions", {})
    name = getattr(view, "action", None)
    if name in per_action:
        return per_action[name]
    return _BY_METHOD.get(request.method or "GET", Action.CHANGE)


def model_of(view: Any) -> type[models.Model]:
    model = getattr(view, "access_model", None)
    if model is None:
        model = view.queryset.model
    return model  # type: ignore[no-any-return]


class ScopedPermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return access.can(request.user, action_of(request, view), model_of(view))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        action = action_of(request, view)
        if request.method in SAFE_METHODS and action == Action.VIEW:
            return True  # the queryset already holds only what the user may see
        return access.can(request.user, action, obj)
