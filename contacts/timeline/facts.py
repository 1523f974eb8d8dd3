"""What a timeline is made of: its items, and the sources every app registers."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime  # aware; for day-only facts the start of the day, local time
    kind: str
    summary: str
    # What the item is about: ``(app_label.model, pk)``, as the API shows it.
    link: tuple[str, int]
    pk: int  # of the row in its own table, for a stable order among equal times
    # The page that shows the record, when there is one the user may open: a URL name and its
    # argument, reversed only when shown (the API does not show it), or an address as it is.
    shown_at: tuple[str, int] | str | None = None

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.at).date()

    @property
    def url(self) -> str | None:
        if isinstance(self.shown_at, tuple):
            name, argument = self.shown_at
            return reverse(name, args=[argument])
        return self.shown_at


@dataclass(frozen=True)
class Fact:
    """One row a ``TimelineFacts`` source read in the shared query."""

    at: datetime.datetime
    pk: int
    data: dict[str, Any]  # the source's ``fields``, by the names it gave them


@dataclass(frozen=True)
class TimelineFacts:
    """One kind of fact about an organisation, read with every other in one UNION ALL.

    ``rows`` (and ``newest``, ``counted``) may depend on the user only through
    ``crm.access.scope``: the query they make is kept for every user whose view is the same
    (``crm.access.view_key``), and the organisation is filled in when it runs.
    """

    kind: str
    # (user, organisation) → the rows, scoped by ``crm.access``, newest first.
    rows: Callable[[Any, Any], QuerySet[Any]]
    # When each happened: a datetime column, or ``StartOfLocalDay(<date column>)``.
    at: Any
    # What the item says: a name for each column (or expression) it needs from the row.
    fields: dict[str, Any]
    # (the fact, user) → the item.
    item: Callable[[Fact, Any], TimelineItem]
    # (user, organisation, how many) → the newest rows, and (user, organisation) → the rows to
    # count, for a source whose table has a faster way than slicing and counting ``rows``.
    newest: Callable[[Any, Any, int], QuerySet[Any]] | None = None
    counted: Callable[[Any, Any], QuerySet[Any]] | None = None


@dataclass(frozen=True)
class TimelineSource:
    """One kind of fact read on its own: its items need more than a row each."""

    key: str
    # (user, organisation) → the rows, scoped by ``crm.access``, newest first.
    rows: Callable[[Any, Any], QuerySet[Any]]
    # (rows, how many to show, user) → the items; the rows may hold ``lookahead`` more.
    items: Callable[[list[Any], int, Any], Iterable[TimelineItem]]
    # History rows need the row before each one to say what changed: read one more.
    lookahead: int = 0


TIMELINE_FACTS: dict[str, TimelineFacts] = {}
TIMELINE_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_facts(facts: TimelineFacts) -> None:
    """Add a kind of fact to every organisation's timeline (from an app config's ``ready``)."""
    TIMELINE_FACTS[facts.kind] = facts


def register_timeline_source(source: TimelineSource) -> None:
    """Add a source read on its own to every organisation's timeline."""
    TIMELINE_SOURCES[source.key] = source


def start_of(day: datetime.date) -> datetime.datetime:
    """A day without a time, placed at its start in Europe/Warsaw."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def choice_label(model: Any, field: str, value: Any) -> str:
    """What ``get_<field>_display()`` says for ``value`` (a fact holds no model instance)."""
    return force_str(_choices(model, field).get(value, value))


@functools.cache
def _choices(model: Any, field: str) -> dict[Any, Any]:
    # The labels stay lazy: each is translated when said, in the language of the request.
    return dict(model._meta.get_field(field).flatchoices)
