"""The timeline of one organisation: everything that happened with it, newest first.

Each app contributes its own sources (``register_timeline_facts`` / ``register_timeline_source``
from its app config): contacts the PS status grants and losses, the ties with other
organisations and the field history of the record, networks the membership joins and leaves
and the partnerships, interactions the contacts and the event participations, the mailing the
messages sent. contacts therefore never imports the apps above it.

A page costs the same few queries whatever the organisation holds: every source that can say
its facts in a few columns (``TimelineFacts``) is read in one UNION ALL — each source's newest
``page * page_size`` rows, scoped by ``crm.access`` as its own list is, each as (when, kind,
id, a JSON object of what its item says) — and all of them are counted in one more
(``contacts.timeline.queries``, which builds both once and keeps them). A source
that needs more than its own row (the history of the record: each change is told against the
version before it) is read on its own (``TimelineSource``). The rows are merged in Python and
the page sliced. Days without a time (a join, a grant) sort as the start of that day in
Europe/Warsaw (``crm.local_day.StartOfLocalDay``, the same in SQL as ``start_of`` here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contacts.timeline.facts import (
    TIMELINE_FACTS,
    TIMELINE_SOURCES,
    Fact,
    TimelineFacts,
    TimelineItem,
    TimelineSource,
    choice_label,
    register_timeline_facts,
    register_timeline_source,
    start_of,
)

__all__ = [
    "MAX_PAGE_SIZE",
    "TIMELINE_FACTS",
    "TIMELINE_SOURCES",
    "Fact",
    "TimelineFacts",
    "TimelineItem",
    "TimelinePage",
    "TimelineSource",
    "choice_label",
    "organisation_timeline",
    "register_timeline_facts",
    "register_timeline_source",
    "start_of",
]

MAX_PAGE_SIZE = 100


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


def organisation_timeline(
    *, user: Any, organisation: Any, page: int = 1, page_size: int = 25
) -> TimelinePage:
    """One page of the organisation's timeline, newest first; what ``user`` may not see (e.g.
    interactions for a viewer, who sees no personal data) is left out.

    Raises: ValueError for a page below 1 or a page size outside 1–100.
    """
    from contacts.timeline import queries

    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError("page must be >= 1 and page_size within 1..100")
    needed = page * page_size
    items = queries.newest_facts(user=user, organisation=organisation, needed=needed)
    for source in TIMELINE_SOURCES.values():
        rows = list(source.rows(user, organisation)[: needed + source.lookahead])
        items.extend(source.items(rows, needed, user))
    items.sort(key=lambda item: (item.at, item.kind, item.pk), reverse=True)
    start = (page - 1) * page_size
    return TimelinePage(
        items=items[start : start + page_size],
        page=page,
        page_size=page_size,
        total=queries.item_count(user=user, organisation=organisation),
    )
