"""The charts of a network's page: members at the end of each period, joins vs leaves.

The period (month, quarter, year) and the range (the last one, three, five years, or since
the network began) are chosen on the page; the default is quarters over three years.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.web.charts import Chart, Series, bar_chart, growth_window, line_chart, quarter_label
from networks.selectors import network_growth, network_memberships
from networks.selectors.growth import Interval

SINCE_START = "all"
# Months over ten years would draw 120 bars too thin to read: a long range falls back to
# quarters, and says so.
MAX_POINTS = 72


class GrowthChoiceForm(forms.Form):
    interval = forms.ChoiceField(
        label=gettext_lazy("period"),
        choices=[
            ("month", gettext_lazy("months")),
            ("quarter", gettext_lazy("quarters")),
            ("year", gettext_lazy("years")),
        ],
        required=False,
    )
    range = forms.ChoiceField(
        label=gettext_lazy("range"),
        choices=[
            ("1", gettext_lazy("the last year")),
            ("3", gettext_lazy("the last 3 years")),
            ("5", gettext_lazy("the last 5 years")),
            (SINCE_START, gettext_lazy("since the network began")),
        ],
        required=False,
    )


@dataclass
class GrowthChoice:
    interval: Interval = "quarter"
    range: str = "3"

    @classmethod
    def from_query(cls, data: Any) -> GrowthChoice:
        form = GrowthChoiceForm(data)
        if not form.is_valid():
            return cls()
        return cls(
            interval=form.cleaned_data.get("interval") or "quarter",
            range=form.cleaned_data.get("range") or "3",
        )

    def window(
        self, user: Any, network: Any, today: datetime.date
    ) -> tuple[datetime.date, datetime.date]:
        if self.range == SINCE_START:
            first = network.founded_on or _first_join(user, network) or today
            return min(first, today), today
        start, end = growth_window(today, years=int(self.range))
        if network.founded_on and network.founded_on > start:
            start = datetime.date(network.founded_on.year, 1, 1)
        return start, end


def _first_join(user: Any, network: Any) -> datetime.date | None:
    found = network_memberships(user=user, network=network).order_by("joined_on")
    first = found.values_list("joined_on", flat=True).first()
    return first if isinstance(first, datetime.date) else None


def period_label(interval: Interval, end: datetime.date) -> str:
    if interval == "month":
        return f"{end:%m.%Y}"
    if interval == "year":
        return str(end.year)
    return quarter_label(end)


def network_member_chart(
    *,
    user: Any,
    network: Any,
    today: datetime.date,
    chart_id: str = "growth",
    choice: GrowthChoice | None = None,
) -> tuple[Chart, Chart]:
    """Members at the end of each period and joins vs leaves per period, for one network."""
    choice = choice or GrowthChoice()
    start, end = choice.window(user, network, today)
    interval: Interval = choice.interval
    if interval == "month" and (end.year - start.year) * 12 + end.month - start.month > MAX_POINTS:
        interval = "quarter"
    points = network_growth(user=user, network=network, interval=interval, start=start, end=end)
    x_values = [period_label(interval, p.period_end) for p in points]
    x_label = {"month": _("month"), "quarter": _("quarter"), "year": _("year")}[interval]
    members = line_chart(
        chart_id=f"{chart_id}-members",
        title={
            "month": _("Members of %(name)s at the end of each month"),
            "quarter": _("Members of %(name)s at the end of each quarter"),
            "year": _("Members of %(name)s at the end of each year"),
        }[interval]
        % {"name": network.name},
        x_values=x_values,
        series=[Series(_("members"), [float(p.active) for p in points])],
        x_label=x_label,
        y_label=_("organisations"),
    )
    flows = bar_chart(
        chart_id=f"{chart_id}-flows",
        title={
            "month": _("Joins and leaves per month"),
            "quarter": _("Joins and leaves per quarter"),
            "year": _("Joins and leaves per year"),
        }[interval],
        x_values=x_values,
        series=[
            Series(_("joined"), [float(p.joins) for p in points], "#009E73"),
            Series(_("left"), [float(p.leaves) for p in points], "#D55E00"),
        ],
        x_label=x_label,
        y_label=_("organisations"),
    )
    return members, flows
