"""The one thing every list page asks: how this list looks for this person now.

``list_state(request, "organisations")`` reads the person's preference (one query), puts their
remembered sort into the parameters the page's FilterSet reads when the address gives none, and
remembers a sort the address gives (a click on a column header). Columns the person may not
see are left out here, whatever the preference says, so no template decides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, QueryDict

from crm import access
from crm.lists.models import ListPreference, SavedView
from crm.lists.registry import PAGE_SIZES, ListColumn, ListSpec, list_spec
from crm.lists.services import list_preference_set


@dataclass
class ListState:
    spec: ListSpec
    page_size: int
    # The sort in force ("" = the list's own order); the column headers show it.
    ordering: str
    # The request's parameters with the remembered sort put in: what the FilterSet reads.
    params: QueryDict
    # The columns shown, by key, for the templates: ``{% if cols.nip %}``.
    shown: dict[str, bool]
    # What the settings form offers: (column, shown now), without the fixed and the forbidden.
    choices: list[tuple[ListColumn, bool]] = field(default_factory=list)
    saved_views: list[SavedView] = field(default_factory=list)
    page_sizes: tuple[int, ...] = PAGE_SIZES

    @property
    def filters_query(self) -> str:
        """The list's filters alone: where the settings form goes back to (its sort rules)."""
        params = self.params.copy()
        params.pop("page", None)
        params.pop("ordering", None)
        return params.urlencode()

    @property
    def query(self) -> str:
        """The list's filters and sort without the page: for "save this view"."""
        params = self.params.copy()
        params.pop("page", None)
        return params.urlencode()


def _allowed(column: ListColumn, user: Any) -> bool:
    return column.capability is None or access.has_capability(user, column.capability)


def list_state(request: HttpRequest, key: str, *, saved_views: bool = True) -> ListState:
    """How the list ``key`` looks for the signed-in person (remembering a sort they just chose)."""
    spec = list_spec(key)
    user: Any = request.user
    preference = ListPreference.objects.filter(user=user, list_key=key).first()
    params = request.GET.copy()
    asked = params.get("ordering", "")
    remembered = preference.ordering if preference else ""
    if remembered and not spec.ordering_allowed(remembered):
        remembered = ""  # a sort the list no longer offers: its own order, not an empty list
    if asked and spec.ordering_allowed(asked):
        if asked != remembered:
            list_preference_set(actor=user, list_key=key, ordering=asked)
        ordering = asked
    elif asked:
        ordering = asked  # not a sort people choose (an old link): the FilterSet judges it
    else:
        ordering = remembered
        if remembered:
            params["ordering"] = remembered
    chosen = preference.columns if preference else {}
    shown: dict[str, bool] = {}
    choices = []
    for column in spec.columns:
        if not _allowed(column, user):
            continue
        visible = column.fixed or chosen.get(column.key, column.default)
        if visible:
            shown[column.key] = True
        if not column.fixed:
            choices.append((column, bool(visible)))
    return ListState(
        spec=spec,
        page_size=(preference.page_size if preference and preference.page_size else spec.page_size),
        ordering=ordering,
        params=params,
        shown=shown,
        choices=choices,
        saved_views=saved_views_for(user=user, list_key=key) if saved_views else [],
    )


def saved_views_for(*, user: Any, list_key: str) -> list[SavedView]:
    """The user's own saved views of the list and the ones shared with everyone."""
    if access.role_of(user) is None:
        return []
    return list(
        SavedView.objects.filter(list_key=list_key)
        .filter(Q(owner=user) | Q(is_shared=True))
        .order_by("name", "id")
    )


def saved_view_visible(*, user: Any, pk: int) -> SavedView | None:
    """One of the views ``saved_views_for`` offers the user, on any list."""
    if access.role_of(user) is None:
        return None
    return SavedView.objects.filter(Q(owner=user) | Q(is_shared=True), pk=pk).first()
