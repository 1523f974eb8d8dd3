"""The report's charts, drawn with the shared SVG chart helper (``crm.web.charts``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from crm.top.monitoring.indicators import Cell
from crm.web.charts import Chart, Series, bar_chart


def by_subregion_chart(chart_id: str, title: str, unit: str, cells: list[Cell]) -> Chart:
    return bar_chart(
        chart_id=chart_id,
        title=title,
        x_values=[c.label for c in cells],
        series=[Series(label="", values=[float(c.value) for c in cells])],
        x_label=_("subregion"),
        y_label=unit,
    )


def trend_chart(chart_id: str, title: str, unit: str, points: list[tuple[int, float]]) -> Chart:
    return bar_chart(
        chart_id=chart_id,
        title=title,
        x_values=[str(year) for year, _value in points],
        series=[Series(label="", values=[value for _year, value in points])],
        x_label=_("year"),
        y_label=unit,
    )
