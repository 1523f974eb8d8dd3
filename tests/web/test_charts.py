"""Bar charts draw every value: a negative one as a bar below the zero axis, not a lost bar."""

from __future__ import annotations

import re

from crm.web.charts import Series, bar_chart, line_chart

RECT = re.compile(
    r'<rect x="[\d.]+" y="(?P<y>-?[\d.]+)" width="[\d.]+" height="(?P<h>-?[\d.]+)" '
    r'fill="[^"]+"><title>[^<]*: (?P<label>[^<]+)</title>'
)
AXIS = re.compile(r'<line [^>]*y1="(?P<y>[\d.]+)"[^>]*stroke="#52606d"')
TICK = re.compile(r'<text x="\d+" y="[\d.]+" text-anchor="end" font-size="12" [^>]*>([^<]+)</text>')


def _bars(values: list[float]) -> tuple[dict[str, tuple[float, float]], float, list[str]]:
    chart = bar_chart(
        chart_id="c",
        title="Miejsca pracy",
        x_values=[f"r{i}" for i in range(len(values))],
        series=[Series("", values)],
        x_label="rok",
        y_label="os.",
    )
    svg = str(chart.svg)
    bars = {m["label"]: (float(m["y"]), float(m["h"])) for m in RECT.finditer(svg)}
    axes = [float(m["y"]) for m in AXIS.finditer(svg)]
    assert len(axes) == 1, "one zero axis"
    return bars, axes[0], TICK.findall(svg)


def test_a_negative_value_is_a_bar_below_the_zero_axis() -> None:
    bars, zero, ticks = _bars([20, -11, 0])
    assert set(bars) == {"20", "\u221211", "0"}
    y, height = bars["\u221211"]
    assert height > 0 and y == zero  # starts at the axis and goes down
    y, height = bars["20"]
    assert height > 0 and round(y + height, 1) == zero  # ends at the axis
    assert bars["20"][1] > bars["\u221211"][1]  # 20 is drawn taller than 11
    assert ticks[0].startswith("\u2212") and "0" in ticks  # the axis reaches below zero


def test_positive_values_keep_the_axis_at_the_bottom() -> None:
    bars, zero, ticks = _bars([3, 7])
    assert ticks[0] == "0"
    assert all(round(y + h, 1) == zero for y, h in bars.values())


def test_only_negative_values_hang_from_the_axis_at_the_top() -> None:
    bars, zero, ticks = _bars([-4, -2])
    assert ticks[-1] == "0"
    assert all(y == zero and h > 0 for y, h in bars.values())
    assert bars["\u22124"][1] == 2 * bars["\u22122"][1]


def test_a_line_below_zero_stays_inside_the_chart() -> None:
    chart = line_chart(
        chart_id="l",
        title="Saldo",
        x_values=["a", "b"],
        series=[Series("saldo", [-5, 5])],
        x_label="x",
        y_label="y",
    )
    points = re.search(r'points="([^"]+)"', str(chart.svg))
    assert points is not None
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    assert all(16 <= y <= 320 - 64 for y in ys)
