"""Matrix rows of saved views: every role keeps its own (a view changes no data)."""

from __future__ import annotations

from typing import Any

from crm.lists.models import SavedView
from tests.api.matrix.cases import OWN, Case, fixed, unsided, v1
from tests.api.world import World


def _own_view(world: World, side: str) -> tuple[str, dict[str, Any] | None]:
    """A view of the requesting person: the world gives them its follow-ups (the staff's for
    the anonymous)."""
    owner = world.a.follow_up.assignee
    view = SavedView.objects.create(owner=owner, list_key="organisations", name=f"Widok {side}")
    return v1(f"saved-views/{view.pk}/"), None


SAVED_VIEWS: dict[tuple[str, str], Case] = {
    ("saved-view-list", "get"): unsided(OWN, fixed(v1("saved-views/?list=organisations"))),
    ("saved-view-list", "post"): unsided(
        OWN,
        fixed(
            v1("saved-views/"),
            {"list": "organisations", "name": "Spółdzielnie", "query": "kind=social_cooperative"},
        ),
    ),
    ("saved-view-detail", "delete"): unsided(OWN, _own_view, ok=204),
}
