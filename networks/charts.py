"""The charts of a network's page: members at each quarter's end, joins vs leaves."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from crm.web.charts import Chart, Series, bar_chart, growth_window, line_chart, quarter_label
from networks.selectors import network_growth


def network_member_chart(
    *, user: Any, network: Any, today: datetime.date, chart_id: str = "growth"
) -> tuple[Chart, Chart]:
    """Members at each quarter's end and joins vs leaves per quarter, for one network."""
    start, end = growth_window(today)
    if network.founded_on and network.founded_on > start:
        start = datetime.date(network.founded_on.year, 1, 1)
    points = network_growth(user=user, network=network, interval="quarter", start=start, end=end)
    x_values = [quarter_label(p.period_end) for p in points]
    members = line_chart(
        chart_id=f"{chart_id}-members",
        title=_("Members of %(name)s at the end of each quarter") % {"name": network.name},
        x_values=x_values,
        series=[Series(_("members"), [float(p.active) for p in points])],
        x_label=_("quarter"),
        y_label=_("organisations"),
    )
    flows = bar_chart(
        chart_id=f"{chart_id}-flows",
        title=_("Joins and leaves per quarter"),
        x_values=x_values,
        series=[
            Series(_("joined"), [float(p.joins) for p in points], "#009E73"),
            Series(_("left"), [float(p.leaves) for p in points], "#D55E00"),
        ],
        x_label=_("quarter"),
        y_label=_("organisations"),
    )
    return members, flows
