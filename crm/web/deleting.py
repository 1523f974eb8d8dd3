"""One way for a page to delete a record through its service (managers and administrators).

The page asks first and says what goes with the record and what stays; when something still
needs the record it says what, with links, instead of offering the button. The service decides:
a refusal it raises (``ValidationError``, code ``in_use``, a 409 in the API) is shown the same
way, so a page can never delete what the API would refuse.

Apps above the ground register where the rows that refer to a record are listed
(``register_referrer_link``), so a page of a lower app links to an upper app's list without
importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from crm.services import Referrer

# (model of the referring rows, its field) → (user, the referred record) → URL or None.
ReferrerLink = Callable[[Any, models.Model], "str | None"]
REFERRER_LINKS: dict[tuple[type[models.Model], str], ReferrerLink] = {}


def register_referrer_link(model: type[models.Model], field_name: str, link: ReferrerLink) -> None:
    """Where the rows of ``model`` whose ``field_name`` points at a record are listed."""
    REFERRER_LINKS[(model, field_name)] = link


@dataclass(frozen=True)
class Line:
    """One line of the confirmation: "3 registrations", linked when there is a list of them."""

    label: str
    count: int
    url: str | None = None


@dataclass
class Deletion:
    """What a delete page shows and does for one record."""

    obj: models.Model
    title: str  # "Delete the contact “…”?"
    delete: Callable[[], None]  # calls the service with the actor
    back_url: str
    done_url: str
    done_message: str
    goes_with: list[Line] = field(default_factory=list)
    stays: list[Line] = field(default_factory=list)
    blockers: list[Line] = field(default_factory=list)
    advice: str = ""  # what to do instead when it is refused ("record that it closed")


def lines(user: Any, obj: models.Model, rows: list[Referrer], fallback_url: str) -> list[Line]:
    """Referrer counts as lines, each linked to where such rows are listed (or the record's
    own page when no app registered a list)."""
    result = []
    for row in rows:
        link = REFERRER_LINKS.get((row.model, row.field))
        url = link(user, obj) if link is not None else None
        result.append(Line(row.label, row.count, url or fallback_url))
    return result


def delete_page(request: HttpRequest, deletion: Deletion) -> HttpResponse:
    """GET: the confirmation (or what blocks it); POST: the service deletes, or says why not."""
    refusal: list[str] = []
    if request.method == "POST" and not deletion.blockers:
        try:
            deletion.delete()
        except ValidationError as error:
            refusal = error.messages
        else:
            messages.success(request, deletion.done_message)
            return redirect(deletion.done_url)
    blocked = bool(deletion.blockers or refusal)
    return render(
        request,
        "crm/confirm_delete.html",
        {"deletion": deletion, "refusal": refusal, "blocked": blocked},
        status=409 if blocked and request.method == "POST" else 200,
    )
