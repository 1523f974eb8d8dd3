"""The two queries of a timeline page: the newest facts of every source and their count.

Each is a UNION ALL of every ``TimelineFacts`` source, each part the source's own rows scoped
by ``crm.access`` (the count also has the sources read on their own). Building it through the
ORM — ten scoped querysets with their joins, subqueries and JSON — cost 20–30 ms of Python a
request, several times what PostgreSQL took to answer it. Yet the query is the same for every
organisation and for every user who sees the same (``crm.access.view_key``): so it is built
once for a stand-in organisation whose id no row has (``STAND_IN``), kept per view and depth,
and run with the organisation's id in the stand-in's place.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from contacts.models import Organisation
from contacts.timeline.facts import TIMELINE_FACTS, TIMELINE_SOURCES, Fact, TimelineItem
from crm.access import view_key

STAND_IN = -7_000_000_001  # no row has a negative id
KEPT_AT_MOST = 256  # (view, depth) pairs; beyond, the kept queries are built anew


@dataclass(frozen=True)
class Kept:
    """A query's SQL and parameters, with the stand-in's id where the organisation's goes."""

    sql: str
    params: tuple[Any, ...]

    def rows(self, organisation_pk: int) -> list[tuple[Any, ...]]:
        # isinstance: psycopg hands a bigint column's value over as Int8, a subclass of int.
        params = [
            organisation_pk if isinstance(value, int) and value == STAND_IN else value
            for value in self.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()


_KEPT: dict[tuple[Any, ...], Kept | None] = {}


def newest_facts(*, user: Any, organisation: Any, needed: int) -> list[TimelineItem]:
    """The ``needed`` newest facts of every ``TimelineFacts`` source, as items, in one query."""
    kept = _kept(("facts", view_key(user), needed), lambda: _facts_query(user, needed))
    if kept is None:
        return []
    kinds = sorted(TIMELINE_FACTS)
    return [
        TIMELINE_FACTS[kinds[rank]].item(Fact(at=_moment(at), pk=pk, data=_data(data)), user)
        for at, rank, pk, data in kept.rows(organisation.pk)
    ]


def item_count(*, user: Any, organisation: Any) -> int:
    """How many items the organisation's timeline holds for ``user``, in one query."""
    kept = _kept(("count", view_key(user)), lambda: _count_query(user))
    return 0 if kept is None else int(kept.rows(organisation.pk)[0][0])


def _kept(key: tuple[Any, ...], build: Callable[[], tuple[str, Any]]) -> Kept | None:
    """The query ``build`` makes (its SQL and parameters), built once per ``key``."""
    key = (connection.vendor, settings.TIME_ZONE, *key)
    if key not in _KEPT:
        if len(_KEPT) >= KEPT_AT_MOST:
            _KEPT.clear()
        try:
            sql, params = build()
        except EmptyResultSet:  # nothing the user may see (no source, or every one scoped away)
            _KEPT[key] = None
        else:
            _KEPT[key] = Kept(sql, tuple(params))
    return _KEPT[key]


def _stand_in() -> Organisation:
    return Organisation(pk=STAND_IN)


def _facts_query(user: Any, needed: int) -> tuple[str, tuple[Any, ...]]:
    # The query sorts as the items do (time, kind, id); the kind as its place among all kinds,
    # so that the database's collation of text cannot order it otherwise than Python.
    organisation = _stand_in()
    rank = {kind: place for place, kind in enumerate(sorted(TIMELINE_FACTS))}
    parts = []
    for facts in TIMELINE_FACTS.values():
        sliced = False
        if facts.newest is not None:
            newest = facts.newest(user, organisation, needed).order_by()
        elif connection.features.supports_slicing_ordering_in_compound:
            newest, sliced = facts.rows(user, organisation), True  # in its own parentheses
        else:  # SQLite: no LIMIT inside a UNION's part, but in a subquery
            rows = facts.rows(user, organisation)
            newest = rows.filter(pk__in=rows.values("pk")[:needed]).order_by()
        part = newest.values(
            tl_at=facts.at,
            tl_rank=Value(rank[facts.kind]),
            tl_pk=F("pk"),
            tl_data=JSONObject(**facts.fields),
        )
        parts.append(part[:needed] if sliced else part)
    newest_first = _union(parts).order_by("-tl_at", "-tl_rank", "-tl_pk")[:needed]
    return newest_first.query.sql_with_params()


def _count_query(user: Any) -> tuple[str, tuple[Any, ...]]:
    organisation = _stand_in()
    rows = [(f.counted or f.rows)(user, organisation) for f in TIMELINE_FACTS.values()]
    rows += [source.rows(user, organisation) for source in TIMELINE_SOURCES.values()]
    union = _union([r.order_by().values(one=Value(1)) for r in rows])
    sql, params = union.query.sql_with_params()
    return f"SELECT COUNT(*) FROM ({sql}) AS items", params  # noqa: S608 (the ORM's own SQL)


def _union(parts: list[QuerySet[Any]]) -> QuerySet[Any]:
    return parts[0].union(*parts[1:], all=True) if parts else Organisation.objects.none()


def _moment(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):  # PostgreSQL: aware already
        return value
    moment = parse_datetime(value)  # SQLite: the UTC text Django stores
    assert moment is not None
    return timezone.make_aware(moment, datetime.UTC)


def _data(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)
