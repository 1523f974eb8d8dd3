"""What the search box finds: each kind's own search (the one its list's ``?search=`` uses,
so "show all" lists exactly what was counted), started from ``crm.access.scope``.

Every kind ignores case and Polish letters ("zaklad" finds "Zakład", "lomza" finds "Łomża").
On PostgreSQL each condition is answered by a trigram index (contacts 0004, 0007 and 0021,
interactions 0009, networks 0006; ``tests/perf/test_search_plans.py``), and the matches are
sorted, never found by walking a name index past everything that does not match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.functions import Collate, Concat
from django.utils.translation import gettext_lazy as _

from contacts import selectors as contact_selectors
from contacts.filters import by_name, organisation_search, person_search
from crm import access
from crm.text import POLISH, fold
from interactions.filters import event_search
from interactions.models import Event
from networks.filters import network_search, partnership_search
from networks.models import Network, Partnership

# A word of fewer letters matches too much to be worth listing (and PostgreSQL's trigram
# indexes cannot answer it): at least one word of the query must have this many.
MIN_WORD = 3
# Longer input is cut (a pasted paragraph is not a search).
MAX_LENGTH = 100


@dataclass
class Group:
    """One kind's part of the results: how many match, the first few, where the rest are."""

    kind: str
    label: Any
    count: int
    items: list[Any] = field(default_factory=list)
    list_url_name: str = ""

    @property
    def more(self) -> bool:
        return self.count > len(self.items)


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    list_url_name: str
    found: Callable[[Any, str], QuerySet[Any]]
    capability: str = ""


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_LENGTH]


def query_problem(query: str) -> str | None:
    """Why ``query`` is not searched (a message for the person), or None when it is."""
    if not query:
        return str(_("Type what you are looking for."))
    if max((len(word) for word in fold(query).split()), default=0) < MIN_WORD:
        return str(_("Type at least %(count)d letters or digits.") % {"count": MIN_WORD})
    return None


def _by_name(queryset: QuerySet[Any], *names: str) -> QuerySet[Any]:
    """Polish order of ``names`` through expressions, so that PostgreSQL sorts the matches the
    trigram indexes found instead of walking the name index (see
    ``contacts.filters.organisations.by_name``)."""
    return queryset.order_by(*(Collate(Concat(name, Value("")), POLISH) for name in names), "id")


def _organisations(user: Any, query: str) -> QuerySet[Any]:
    found = organisation_search(contact_selectors.organisation_list(user=user), query)
    return by_name(found, searching=True)


def _people(user: Any, query: str) -> QuerySet[Any]:
    found = person_search(contact_selectors.person_list(user=user), query)
    return _by_name(found, "last_name", "first_name")


def _events(user: Any, query: str) -> QuerySet[Any]:
    events = access.scope(Event.objects.all(), user).select_related("gmina")
    return event_search(events, query).order_by("-starts_on", "-id")


def _networks(user: Any, query: str) -> QuerySet[Any]:
    networks = access.scope(Network.objects.all(), user).select_related("subregion")
    return network_search(networks, query).order_by("name", "id")


def _partnerships(user: Any, query: str) -> QuerySet[Any]:
    partnerships = access.scope(Partnership.objects.all(), user)
    return partnership_search(partnerships, query).order_by("-starts_on", "-id")


KINDS = (
    Kind("organisations", _("Organisations"), "contacts:organisation_list", _organisations),
    Kind(
        "people",
        _("People"),
        "contacts:person_list",
        _people,
        capability="personal_data.view",
    ),
    Kind("events", _("Events"), "interactions:event_list", _events),
    Kind("networks", _("Networks"), "networks:network_list", _networks),
    Kind("partnerships", _("Partnerships"), "networks:partnership_list", _partnerships),
)


def kinds_for(user: Any) -> list[Kind]:
    """The kinds ``user`` may search: no people for a role that sees no personal data."""
    return [k for k in KINDS if not k.capability or access.has_capability(user, k.capability)]


def search_everything(*, user: Any, query: str, limit: int) -> list[Group]:
    """Each kind ``user`` may see, with its number of matches and the first ``limit``.

    Two queries a kind at most: the first ``limit + 1`` rows, and a count only when there are
    more than ``limit`` (a short list is its own count).
    """
    groups = []
    for kind in kinds_for(user):
        found = kind.found(user, query)
        items = list(found[: limit + 1])
        count = len(items) if len(items) <= limit else found.count()
        groups.append(Group(kind.key, kind.label, count, items[:limit], kind.list_url_name))
    return groups


def suggestions(*, user: Any, query: str, limits: dict[str, int]) -> list[Group]:
    """For the box's suggestions as one types: the first few of each kind named in ``limits``,
    no counts, and never people (a suggestion is not logged as seeing someone; the results
    page is, and the box leads there)."""
    groups = []
    for kind in kinds_for(user):
        if kind.capability or kind.key not in limits:
            continue
        items = list(kind.found(user, query)[: limits[kind.key]])
        groups.append(Group(kind.key, kind.label, len(items), items, kind.list_url_name))
    return groups
