"""Saving and removing named views of the organisation list."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.saved_views import SavedView
from crm import access
from crm.audit.services import action_log_write

# Only the list's own filters are kept: no page number, no stray parameters.
KEPT = {
    "search",
    "kind",
    "subregion",
    "powiat",
    "gmina",
    "network",
    "ps_status",
    "active",
    "ordering",
}


def clean_query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?")) if k in KEPT and v]
    return urlencode(pairs)


@transaction.atomic
def saved_view_create(*, actor: Any, name: str, query: str, is_shared: bool = False) -> SavedView:
    """Raises: ValidationError (no name, or the name is taken), PermissionDenied."""
    if access.role_of(actor) is None:
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if SavedView.objects.filter(owner=actor, name=name).exists():
        raise ValidationError({"name": _("You already have a view with this name.")})
    view = SavedView(owner=actor, name=name, query=clean_query(query), is_shared=is_shared)
    view.full_clean()
    view.save()
    action_log_write(
        actor=actor, verb="contacts.saved_view.created", obj=view, details={"shared": is_shared}
    )
    return view


@transaction.atomic
def saved_view_delete(*, actor: Any, view: SavedView) -> None:
    """Raises: PermissionDenied unless it is the actor's own view (or the actor administers)."""
    if view.owner_id != getattr(actor, "pk", None) and not access.has_capability(
        actor, "users.manage"
    ):
        raise PermissionDenied
    action_log_write(actor=actor, verb="contacts.saved_view.deleted", obj=view)
    view.delete()
