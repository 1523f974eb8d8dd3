"""The growth series of the networks: members at each period end, joins and leaves in between.

The period boundaries are made in Python; the counting is one SQL query whatever the number of
memberships or periods. It does not test every membership against every period end (a
conditional aggregate per period, with a DISTINCT sort per period across networks, took 0.3-1 s
for the start page's twelve quarters of 63,000 memberships): each membership is put into the
period it started in and the one it ended in, the rows are counted per group and those two
periods, and the members at a period's end are the starts up to it minus the ends up to it,
added up in Python. Across networks an organisation in two networks at once counts once: its
memberships are first joined into unbroken spans (window functions over the organisation's
memberships in joining order), and the spans are counted the same way. It runs the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import F, Q

from contacts.models import Organisation
from crm.access import scope
from crm.territory.models import Gmina, Subregion
from networks.models import Membership, Network

Interval = Literal["month", "quarter", "year"]
GroupKey = Literal["subregion", "kind", "network"]
# One key, or several: ("subregion", "kind") splits by both at once, so a page that shows both
# splits reads the memberships once and adds up (each organisation has one subregion and one
# kind, so the distinct counts of the cells add up to either split).
GroupBy = GroupKey | tuple[GroupKey, ...] | None

GROUP_FIELDS = {
    "subregion": "organisation__gmina__subregion__slug",
    "kind": "organisation__kind",
    "network": "network_id",
}
# The same groups for the spans, which are counted in SQL around the ORM's query (``distinct``
# splits only by what belongs to the organisation).
SPAN_GROUP_COLUMNS = {"subregion": "s.slug", "kind": "o.kind"}
# The periods are told apart by nested CASEs, searched by halves.
MAX_PERIODS = 600
# A membership with no end, as a day: after every period.
FAR = datetime.date(9999, 12, 31)


@dataclass(frozen=True)
class GrowthPoint:
    period_start: datetime.date
    period_end: datetime.date
    # Subregion slug, organisation kind or network id when split by one key (a tuple of them
    # when split by several); None for the whole (or no subregion).
    group: Any
    active: int
    joins: int
    leaves: int


def _months(interval: Interval) -> int:
    try:
        return {"month": 1, "quarter": 3, "year": 12}[interval]
    except KeyError:
        raise ValueError(f"Unknown interval {interval!r}") from None


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def periods(
    interval: Interval, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Calendar periods ``(first day, last day)`` from the one holding ``start`` to the one
    holding ``end``."""
    if end < start:
        raise ValueError("end is before start")
    step = _months(interval)
    first_month = (start.month - 1) // step * step + 1
    current = datetime.date(start.year, first_month, 1)
    result = []
    while current <= end:
        following = _add_months(current, step)
        result.append((current, following - datetime.timedelta(days=1)))
        current = following
    if len(result) > MAX_PERIODS:
        raise ValueError(f"At most {MAX_PERIODS} periods; choose a longer interval")
    return result


def _period_of(
    column: str, starts: list[datetime.date], last_day: datetime.date
) -> tuple[str, list[Any]]:
    """SQL for the index of the period holding the day in ``column``: -1 before the first,
    NULL when there is no day or it is after the last period.

    The periods are searched by halves (nested CASEs): about log2(periods) comparisons a row
    instead of one per period, for each of the five days the spans put on every membership."""
    adapt = connection.ops.adapt_datefield_value
    params: list[Any] = [adapt(last_day)]

    def within(low: int, high: int) -> str:
        # The day is on or after the start of period ``low`` (or before the first when -1)
        # and before the start of the period after ``high``.
        if low == high:
            return str(low)
        middle = (low + high + 1) // 2
        params.append(adapt(starts[middle]))
        after = within(middle, high)
        before = within(low, middle - 1)
        return f"CASE WHEN {column} >= %s THEN {after} ELSE {before} END"

    search = within(-1, len(starts) - 1)
    return f"CASE WHEN {column} IS NULL OR {column} > %s THEN NULL ELSE {search} END", params


def _counted(
    memberships: Any,
    keys: tuple[str, ...],
    spans: list[tuple[datetime.date, datetime.date]],
    *,
    distinct: bool,
) -> list[tuple[Any, ...]]:
    """Rows (group values..., start period, end period, [span end period, first span start
    period, next span start period,] memberships): the span columns only when ``distinct``."""
    starts = [start for start, _end in spans]
    last_day = spans[-1][1]
    joined, joined_params = _period_of("m.joined_on", starts, last_day)
    left, left_params = _period_of("m.left_on", starts, last_day)
    columns = [f"g{index}" for index in range(len(keys))] + [joined, left]
    params: list[Any] = [*joined_params, *left_params]
    joins = ""
    if not distinct:
        groups = {f"g{index}": F(GROUP_FIELDS[key]) for index, key in enumerate(keys)}
        base = memberships.annotate(**groups).values("joined_on", "left_on", *groups)
        base_sql, source_params = base.order_by().query.sql_with_params()
        # Only this module's fragments and the ORM's compiled query: every value is a parameter.
        source = f"({base_sql}) AS m"
    else:
        # Read narrow, in joining order per organisation, in one pass: how far its
        # memberships reach up to this one, and when the next one starts. A span ends where
        # the reach stops short of the next membership (or there is none), and the next span
        # starts with that membership; the first membership starts the first span. The
        # organisations are joined after, in the same order (an index-only merge).
        base = memberships.values("id", "organisation_id", "joined_on", "left_on")
        base_sql, base_params = base.order_by().query.sql_with_params()
        window = "PARTITION BY organisation_id ORDER BY joined_on, id ROWS UNBOUNDED PRECEDING"
        source = f"""(SELECT *,
            MAX(COALESCE(left_on, %s)) OVER ({window}) AS reach,
            LEAD(joined_on) OVER ({window}) AS next_joined,
            ROW_NUMBER() OVER ({window}) AS nth
            FROM ({base_sql}) AS b) AS m"""  # noqa: S608
        source_params = [connection.ops.adapt_datefield_value(FAR), *base_params]
        gap = "m.next_joined IS NOT NULL AND m.reach < m.next_joined"
        for day in (
            "CASE WHEN m.next_joined IS NULL OR m.reach < m.next_joined THEN m.reach END",
            "CASE WHEN m.nth = 1 THEN m.joined_on END",
            f"CASE WHEN {gap} THEN m.next_joined END",
        ):
            period, period_params = _period_of(day, starts, last_day)
            columns.append(period)
            params += period_params
        columns[: len(keys)] = [SPAN_GROUP_COLUMNS[key] for key in keys]
        if keys:
            joins = (
                f" JOIN {Organisation._meta.db_table} o ON o.id = m.organisation_id"
                f" LEFT JOIN {Gmina._meta.db_table} g ON g.id = o.gmina_id"
                f" LEFT JOIN {Subregion._meta.db_table} s ON s.id = g.subregion_id"
            )
    sql = (
        f"SELECT {', '.join(columns)}, COUNT(*) FROM {source}{joins} "  # noqa: S608
        f"GROUP BY {', '.join(str(n) for n in range(1, len(columns) + 1))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *source_params])
        return list(cursor.fetchall())


def network_growth(
    *,
    user: Any,
    network: Network | None = None,
    network_kind: str | None = None,
    interval: Interval = "month",
    start: datetime.date,
    end: datetime.date,
    by: GroupBy = None,
) -> list[GrowthPoint]:
    """The growth series of one network (or all, or all of ``network_kind``), ordered by group
    and period.

    - ``active``: organisations that are members on the period's last day (a member who left
      on that day is not; one who joined on it is). Across several networks an organisation
      in two of them counts once.
    - ``joins`` / ``leaves``: membership periods that started / ended (``left_on``) within the
      period, both ends included; a leave and rejoin inside one period counts one of each.

    Per network, ``active`` at a period end = ``active`` at the previous end + joins − leaves.
    With ``by`` each row belongs to the member's subregion slug, organisation kind or network
    (a tuple of them for several keys).
    """
    spans = periods(interval, start, end)
    first_day, last_day = spans[0][0], spans[-1][1]
    memberships = scope(Membership.objects.all(), user).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first_day), joined_on__lte=last_day
    )
    if network is not None:
        memberships = memberships.filter(network=network)
    if network_kind is not None:
        memberships = memberships.filter(network__kind=network_kind)
    keys: tuple[str, ...] = () if by is None else (by,) if isinstance(by, str) else tuple(by)
    unknown = [key for key in keys if key not in GROUP_FIELDS]
    if unknown:
        raise ValueError(f"Unknown split {unknown[0]!r}")
    # Within one network periods never overlap, so memberships are organisations; spans are
    # needed only across networks.
    distinct = network is None and "network" not in keys
    size = len(spans)
    # Per group: memberships started and ended in each period, the spans ended, and the
    # spans started first and after a gap (index 0..size-1; -1 is "before the first period").
    tallies: dict[Any, list[list[int]]] = defaultdict(lambda: [[0] * (size + 1) for _ in range(5)])
    for row in _counted(memberships, keys, spans, distinct=distinct):
        group = None if not keys else row[0] if len(keys) == 1 else tuple(row[: len(keys)])
        count = row[-1]
        for which, period in enumerate(row[len(keys) : -1]):
            if period is not None:
                tallies[group][which][period] += count
    if not keys and not tallies:
        tallies[None]  # the whole, even with no memberships at all
    points = []
    for group in sorted(tallies, key=_sort_key):
        joined, left, span_ended, first_started, next_started = tallies[group]
        span_started = [a + b for a, b in zip(first_started, next_started, strict=True)]
        started, ended = (span_started, span_ended) if distinct else (joined, left)
        active = started[-1]  # what started before the first period (index -1)
        for index, (period_start, period_end) in enumerate(spans):
            active += started[index] - ended[index]
            points.append(
                GrowthPoint(
                    period_start=period_start,
                    period_end=period_end,
                    group=group,
                    active=active,
                    joins=joined[index],
                    leaves=left[index],
                )
            )
    return points


def _sort_key(group: Any) -> tuple[tuple[bool, Any], ...]:
    """Groups in order, None (no subregion) last as PostgreSQL sorts NULL."""
    parts = group if isinstance(group, tuple) else (group,)
    return tuple((part is None, part) for part in parts)
