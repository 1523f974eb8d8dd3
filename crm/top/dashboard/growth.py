"""The managers' growth charts on the start page: members over time per network, subregion and
sector, and joins vs leaves per quarter. The numbers come from the networks app's growth
selector; the drawing is the ground floor's."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from contacts.models import Sector, sector_of
from crm.territory.models import Subregion
from crm.web.charts import (
    Chart,
    Series,
    bar_chart,
    growth_window,
    line_chart,
    quarter_label,
)
from networks.selectors import GrowthPoint, network_growth, periods

MAX_NETWORK_SERIES = 6


def _series_by_group(points: list[Any], labels: dict[str, str]) -> tuple[list[str], list[Series]]:
    """Growth points (group, period) → x labels and one series per group label."""
    ends: list[datetime.date] = []
    values: dict[str, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    for point in points:
        if point.period_end not in ends:
            ends.append(point.period_end)
        label = labels.get(point.group or "", labels.get("", _("none")))
        values[label][point.period_end] += point.active
    ends.sort()
    series = [Series(label, [float(v[end]) for end in ends]) for label, v in values.items()]
    return [quarter_label(end) for end in ends], series


def _sum_by(points: list[Any], position: int) -> list[Any]:
    """Points split by (subregion, kind) added up to one of the two keys."""
    starts: dict[datetime.date, datetime.date] = {}
    totals: dict[tuple[Any, datetime.date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for point in points:
        starts[point.period_end] = point.period_start
        total = totals[(point.group[position], point.period_end)]
        total[0] += point.active
        total[1] += point.joins
        total[2] += point.leaves
    return [
        GrowthPoint(starts[end], end, group, active, joins, leaves)
        for (group, end), (active, joins, leaves) in totals.items()
    ]


def dashboard_charts(*, user: Any, networks: list[Any], today: datetime.date) -> list[Chart]:
    """The managers' charts: per network, per subregion, per sector, joins vs leaves.

    Two queries: every network's series at once, and all networks split by subregion and kind
    together (each organisation is in one cell, so the cells add up to either split).
    """
    start, end = growth_window(today)
    charts: list[Chart] = []
    per_network: list[Series] = []
    x_values: list[str] = []
    by_network: dict[int, list[Any]] = defaultdict(list)
    for point in network_growth(user=user, interval="quarter", start=start, end=end, by="network"):
        by_network[point.group].append(point)
    for network in networks[:MAX_NETWORK_SERIES]:
        points = by_network.get(network.pk) or [
            GrowthPoint(s, e, network.pk, 0, 0, 0) for s, e in periods("quarter", start, end)
        ]
        x_values = [quarter_label(p.period_end) for p in points]
        per_network.append(Series(network.short_name or network.name, [p.active for p in points]))
    if per_network:
        charts.append(
            line_chart(
                chart_id="chart-networks",
                title=_("Members per network at the end of each quarter")
                if len(networks) <= MAX_NETWORK_SERIES
                else _(
                    "Members of the %(shown)s largest of %(total)s networks at the end of each "
                    "quarter (every network on its page under Networks)"
                )
                % {"shown": len(per_network), "total": len(networks)},
                x_values=x_values,
                series=per_network,
                x_label=_("quarter"),
                y_label=_("organisations"),
            )
        )
    cells = network_growth(
        user=user, interval="quarter", start=start, end=end, by=("subregion", "kind")
    )
    subregions = {s.slug: s.name for s in Subregion.objects.all()}
    subregions[""] = _("no subregion")
    points = _sum_by(cells, 0)
    by_subregion = points
    x_values, series = _series_by_group(points, subregions)
    charts.append(
        line_chart(
            chart_id="chart-subregions",
            title=_("Members of all networks per subregion"),
            x_values=x_values,
            series=series,
            x_label=_("quarter"),
            y_label=_("organisations"),
        )
    )
    points = _sum_by(cells, 1)
    sectors = {
        kind: str(Sector(sector_of(kind)).label) for kind in {p.group for p in points} if kind
    }
    x_values, series = _series_by_group(points, {k: v for k, v in sectors.items() if k})
    charts.append(
        line_chart(
            chart_id="chart-sectors",
            title=_("Members of all networks per sector"),
            x_values=x_values,
            series=series,
            x_label=_("quarter"),
            y_label=_("organisations"),
        )
    )
    # Every membership belongs to one subregion group (or none), so the groups' joins and
    # leaves add up to all of them: no second pass over the memberships is needed.
    joins: dict[datetime.date, float] = defaultdict(float)
    leaves: dict[datetime.date, float] = defaultdict(float)
    for point in by_subregion:
        joins[point.period_end] += point.joins
        leaves[point.period_end] += point.leaves
    ends = sorted(joins)
    charts.append(
        bar_chart(
            chart_id="chart-flows",
            title=_("Joins and leaves per quarter (all networks)"),
            x_values=[quarter_label(end) for end in ends],
            series=[
                Series(_("joined"), [joins[end] for end in ends], "#009E73"),
                Series(_("left"), [leaves[end] for end in ends], "#D55E00"),
            ],
            x_label=_("quarter"),
            y_label=_("organisations"),
        )
    )
    return charts
