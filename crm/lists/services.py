"""Every write of list preferences and saved views.

A preference is how one person's own screen looks (rows a page, sort, columns): its row names
the person and when it changed, and it is not action-logged, so that sorting a column does not
bury the changes to the data in the log. A saved view can be shared with the team, so making
and removing one is logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crm import access
from crm.audit.services import action_log_write
from crm.lists.models import ListPreference, SavedView
from crm.lists.registry import PAGE_SIZES, ListSpec, list_spec

UNCHANGED: Any = object()


def clean_query(spec: ListSpec, query: str) -> str:
    """Only the list's own filters and its sort: no page number, no stray parameters."""
    kept = spec.kept_params()
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?")) if k in kept and v]
    return urlencode(pairs)


def _spec(actor: Any, list_key: str) -> ListSpec:
    if access.role_of(actor) is None:
        raise PermissionDenied
    try:
        return list_spec(list_key)
    except KeyError as error:
        raise ValidationError({"list": _("There is no such list.")}) from error


def _column_choices(spec: ListSpec, actor: Any, shown: Iterable[str]) -> dict[str, bool]:
    """The columns whose choice differs from the list's default, of those the actor is offered."""
    wanted = set(shown)
    unknown = wanted - {c.key for c in spec.columns}
    if unknown:
        raise ValidationError({"columns": _("The list has no such column.")})
    choices = {}
    for column in spec.columns:
        if column.fixed:
            continue
        if column.capability and not access.has_capability(actor, column.capability):
            continue  # not offered: what was chosen before stays as it was
        if (column.key in wanted) != column.default:
            choices[column.key] = column.key in wanted
    return choices


def list_preference_set(
    *,
    actor: Any,
    list_key: str,
    page_size: int | None = UNCHANGED,
    ordering: str = UNCHANGED,
    shown_columns: Iterable[str] = UNCHANGED,
) -> ListPreference:
    """Remember how ``list_key`` looks for ``actor``; what is not given stays as it was
    (``page_size=None`` and ``ordering=""``: the list's own).

    Raises: ValidationError for a page size, sort or column the list does not offer,
    PermissionDenied for who has no role.
    """
    spec = _spec(actor, list_key)
    changes: dict[str, Any] = {}
    if page_size is not UNCHANGED:
        if page_size is not None and page_size not in PAGE_SIZES:
            raise ValidationError({"page_size": _("Choose one of the offered page sizes.")})
        changes["page_size"] = page_size
    if ordering is not UNCHANGED:
        if ordering and not spec.ordering_allowed(ordering):
            raise ValidationError({"ordering": _("The list cannot be sorted so.")})
        changes["ordering"] = ordering
    preference = ListPreference.objects.filter(user=actor, list_key=list_key).first()
    if shown_columns is not UNCHANGED:
        # Choices of columns this actor is not offered now (personal data after a change of
        # role) are kept: they apply again if the role comes back.
        before = preference.columns if preference is not None else {}
        kept = {k: v for k, v in before.items() if _hidden_from(spec, actor, k)}
        changes["columns"] = {**kept, **_column_choices(spec, actor, shown_columns)}
    if preference is None:
        try:
            with transaction.atomic():
                return ListPreference.objects.create(user=actor, list_key=list_key, **changes)
        except IntegrityError:  # the same person's other tab made it at the same moment
            preference = ListPreference.objects.get(user=actor, list_key=list_key)
    for field, value in changes.items():
        setattr(preference, field, value)
    preference.save(update_fields=[*changes, "updated_at"])
    return preference


def _hidden_from(spec: ListSpec, actor: Any, key: str) -> bool:
    column = spec.column(key)
    capability = column.capability if column else None
    return capability is not None and not access.has_capability(actor, capability)


@transaction.atomic
def saved_view_create(
    *, actor: Any, list_key: str, name: str, query: str, is_shared: bool = False
) -> SavedView:
    """Raises: ValidationError (no such list, no name, or the name is taken on this list),
    PermissionDenied for who has no role."""
    spec = _spec(actor, list_key)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if SavedView.objects.filter(owner=actor, list_key=list_key, name=name).exists():
        raise ValidationError({"name": _("You already have a view with this name.")})
    view = SavedView(
        owner=actor,
        list_key=list_key,
        name=name,
        query=clean_query(spec, query),
        is_shared=is_shared,
    )
    view.full_clean()
    view.save()
    action_log_write(
        actor=actor,
        verb="crm.saved_view.created",
        obj=view,
        details={"list": list_key, "shared": is_shared},
    )
    return view


@transaction.atomic
def saved_view_delete(*, actor: Any, view: SavedView) -> None:
    """Raises: PermissionDenied unless it is the actor's own view (or the actor administers)."""
    if view.owner_id != getattr(actor, "pk", None) and not access.has_capability(
        actor, "users.manage"
    ):
        raise PermissionDenied
    action_log_write(
        actor=actor, verb="crm.saved_view.deleted", obj=view, details={"list": view.list_key}
    )
    view.delete()
