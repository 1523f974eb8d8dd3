"""The timeline of one organisation: everything that happened with it, newest first.

Each app contributes its own sources (``register_timeline_source`` from its app config):
contacts the PS status grants and losses and the field history of the record, networks the
membership joins and leaves and the partnerships, interactions the contacts and the event
participations. contacts therefore never imports the apps above it.

Pagination without a cross-table UNION (whose date types SQLite and PostgreSQL treat
differently): the newest ``page * page_size`` rows of each source are read — one query per
source — merged in Python and sliced; the totals are one ``COUNT`` per source. The query count
is therefore fixed by the number of sources, whatever the number of items. Days without a time
(a join, a grant) sort as the start of that day in Europe/Warsaw.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime  # aware; for day-only facts the start of the day, local time
    kind: str
    summary: str
    # What the item is about: ``(app_label.model, pk)``, as the API shows it.
    link: tuple[str, int]
    pk: int  # of the row in its own table, for a stable order among equal times
    # The page that shows the record, when there is one the user may open.
    url: str | None = None

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.at).date()


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    page: int
    page_size: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class TimelineSource:
    """One kind of fact about an organisation, read from one table."""

    key: str
    # (user, organisation) → the rows, scoped by ``crm.access``, newest first.
    rows: Callable[[Any, Any], QuerySet[Any]]
    # (rows, how many to show, user) → the items; the rows may hold ``lookahead`` more.
    items: Callable[[list[Any], int, Any], Iterable[TimelineItem]]
    # History rows need the row before each one to say what changed: read one more.
    lookahead: int = 0
    # (user, organisation, how many) → the newest rows, and (user, organisation) → how many
    # there are, for a source whose table has a faster way than slicing and counting ``rows``.
    newest: Callable[[Any, Any, int], list[Any]] | None = None
    count: Callable[[Any, Any], int] | None = None


TIMELINE_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(source: TimelineSource) -> None:
    """Add a source to every organisation's timeline (from an app config's ``ready``)."""
    TIMELINE_SOURCES[source.key] = source


def start_of(day: datetime.date) -> datetime.datetime:
    """A day without a time, placed at its start in Europe/Warsaw."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def organisation_timeline(
    *, user: Any, organisation: Any, page: int = 1, page_size: int = 25
) -> TimelinePage:
    """One page of the organisation's timeline, newest first; what ``user`` may not see (e.g.
    interactions for a viewer, who sees no personal data) is left out.

    Raises: ValueError for a page below 1 or a page size outside 1–100.
    """
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError("page must be >= 1 and page_size within 1..100")
    needed = page * page_size
    items: list[TimelineItem] = []
    total = 0
    for source in TIMELINE_SOURCES.values():
        queryset = source.rows(user, organisation)
        wanted = needed + source.lookahead
        rows = (
            source.newest(user, organisation, wanted)
            if source.newest is not None
            else list(queryset[:wanted])
        )
        total += source.count(user, organisation) if source.count else queryset.count()
        items.extend(source.items(rows, needed, user))
    items.sort(key=lambda item: (item.at, item.kind, item.pk), reverse=True)
    start = (page - 1) * page_size
    return TimelinePage(
        items=items[start : start + page_size], page=page, page_size=page_size, total=total
    )
