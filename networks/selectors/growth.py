"""The growth series of the networks: members at each period end, joins and leaves in between.

The period boundaries are made in Python (as many as there are periods); the counting is one
SQL query with a conditional aggregate per period and measure, so the query count does not
depend on the number of memberships. It runs the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Count, Q

from crm.access import scope
from networks.models import Membership, Network
from networks.selectors.memberships import active_on

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
# Three aggregates per period; SQLite allows 2,000 result columns by default.
MAX_PERIODS = 600


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
    # Within one network periods never overlap, so rows are organisations; DISTINCT (a sort per
    # period) is needed only across networks.
    distinct = network is None and "network" not in keys
    aggregates: dict[str, Any] = {}
    for index, (period_start, period_end) in enumerate(spans):
        aggregates[f"active_{index}"] = Count(
            "organisation" if distinct else "pk", distinct=distinct, filter=active_on(period_end)
        )
        aggregates[f"joins_{index}"] = Count(
            "pk", filter=Q(joined_on__gte=period_start, joined_on__lte=period_end)
        )
        aggregates[f"leaves_{index}"] = Count(
            "pk", filter=Q(left_on__gte=period_start, left_on__lte=period_end)
        )
    rows: list[tuple[Any, dict[str, Any]]]
    if not keys:
        rows = [(None, memberships.aggregate(**aggregates))]
    else:
        fields = [GROUP_FIELDS[key] for key in keys]
        grouped = memberships.values(*fields).order_by(*fields).annotate(**aggregates)
        rows = [
            (row[fields[0]] if len(fields) == 1 else tuple(row[f] for f in fields), row)
            for row in grouped
        ]
    return [
        GrowthPoint(
            period_start=period_start,
            period_end=period_end,
            group=group,
            active=row[f"active_{index}"] or 0,
            joins=row[f"joins_{index}"] or 0,
            leaves=row[f"leaves_{index}"] or 0,
        )
        for group, row in rows
        for index, (period_start, period_end) in enumerate(spans)
    ]
