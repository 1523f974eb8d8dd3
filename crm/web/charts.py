"""Charts drawn on the server as accessible SVG: a title, axis labels, the numbers as a table.

No JavaScript and no library: the SVG is plain markup, prints well and is read by screen
readers through its title, description and the data table that goes with every chart.
The colours are the Okabe–Ito palette, which stays distinct for colour-blind readers; each
series also has its own dash pattern or marker so colour is never the only difference.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow (last: weak contrast on white)
]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6"]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 64


def quarter_label(day: datetime.date) -> str:
    """II 2026: the quarter a day falls in, as the charts label their x axis."""
    return _("Q%(quarter)s %(year)s") % {
        "quarter": ROMAN[(day.month - 1) // 3 + 1],
        "year": day.year,
    }


def growth_window(today: datetime.date, years: int = 3) -> tuple[datetime.date, datetime.date]:
    """The period the growth charts show: the last ``years`` calendar years up to ``today``."""
    return datetime.date(today.year - years + 1, 1, 1), today


@dataclass
class Series:
    label: str
    values: list[float]
    colour: str = ""


@dataclass
class Chart:
    """What a template needs: the SVG and the same numbers as a table."""

    chart_id: str
    title: str
    svg: SafeString
    x_label: str
    y_label: str
    x_values: list[str]
    series: list[Series] = field(default_factory=list)

    @property
    def table_rows(self) -> list[tuple[str, list[Any]]]:
        return [
            (x, [s.values[i] if i < len(s.values) else "" for s in self.series])
            for i, x in enumerate(self.x_values)
        ]


def _scale(high: float, low: float = 0) -> tuple[float, float, float]:
    """The bottom and top of the y axis and the gap between gridlines: round numbers, about 5
    gaps, zero always on the axis (a negative value gets a bar below it, never a lost bar).

    Counts are whole numbers, so a gridline never falls between two of them.
    """
    high, low = max(high, 0), min(low, 0)
    raw = max(high - low, 1) / 5
    exponent = math.floor(math.log10(raw))
    step = 10.0**exponent
    for nice in (1, 2, 5, 10):
        if raw <= nice * 10**exponent:
            step = float(nice * 10**exponent)
            break
    step = max(step, 1.0)
    top = step * math.ceil(high / step)
    bottom = -step * math.ceil(-low / step)
    if top == bottom:  # nothing but zeros: one gap above the axis
        top = step
    return bottom, top, step


def _y(value: float, scale: tuple[float, float, float]) -> float:
    """The SVG y of ``value`` on the axis ``scale``."""
    bottom, top, _step = scale
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h * (top - value) / (top - bottom)


def _fmt(value: float) -> str:
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        text = f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")  # the typographic minus, as Polish print has it


def _axis_labels(x_values: list[str], plot_w: float) -> list[tuple[int, float]]:
    """Which x labels to draw (every one when they fit, else evenly thinned)."""
    n = len(x_values)
    if n == 0:
        return []
    step_w = plot_w / max(n, 1)
    every = max(1, math.ceil(60 / max(step_w, 1)))
    return [(i, LEFT + step_w * (i + 0.5)) for i in range(0, n, every)]


def _frame(
    chart_id: str,
    title: str,
    desc: str,
    scale: tuple[float, float, float],
    x_label: str,
    y_label: str,
) -> str:
    plot_h = HEIGHT - TOP - BOTTOM
    bottom, top, step = scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}-svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        '<rect x="0" y="0" width="100%" height="100%" fill="#fff"/>',
    ]
    ticks = round((top - bottom) / step)
    for k in range(ticks + 1):
        value = bottom + step * k
        y = _y(value, scale)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{"#52606d" if value == 0 else "#e4e7eb"}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#1f2933">{_fmt(value)}</text>'
        )
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 8}" text-anchor="middle" '
        f'font-size="13" fill="#1f2933">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="16" y="{TOP + plot_h / 2:.0f}" text-anchor="middle" font-size="13" '
        f'fill="#1f2933" transform="rotate(-90 16 {TOP + plot_h / 2:.0f})">{escape(y_label)}</text>'
    )
    return "".join(parts)


def _x_axis(x_values: list[str], plot_w: float) -> str:
    parts = []
    for i, x in _axis_labels(x_values, plot_w):
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
            f'fill="#1f2933">{escape(x_values[i])}</text>'
        )
    return "".join(parts)


def _highest(series: list[Series]) -> float:
    return max((max(s.values, default=0) for s in series), default=0)


def _lowest(series: list[Series]) -> float:
    return min((min(s.values, default=0) for s in series), default=0)


def _colour(series: list[Series]) -> None:
    for index, s in enumerate(series):
        s.colour = s.colour or OKABE_ITO[index % len(OKABE_ITO)]


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_values: list[str],
    series: list[Series],
    x_label: str,
    y_label: str,
) -> Chart:
    """One line per series over the same x values (e.g. members at each quarter's end)."""
    _colour(series)
    plot_w = WIDTH - LEFT - RIGHT
    scale = _scale(_highest(series), _lowest(series))
    desc = "; ".join(
        f"{s.label}: {_fmt(s.values[0])} → {_fmt(s.values[-1])}" for s in series if s.values
    )
    parts = [_frame(chart_id, title, desc, scale, x_label, y_label)]
    step_w = plot_w / max(len(x_values), 1)
    for index, s in enumerate(series):
        points = [(LEFT + step_w * (i + 0.5), _y(v, scale)) for i, v in enumerate(s.values)]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = DASHES[index % len(DASHES)]
        parts.append(
            f'<polyline fill="none" stroke="{s.colour}" stroke-width="2.5" points="{path}"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        if len(points) <= 40:
            for x, y in points:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{s.colour}"/>')
    parts.append(_x_axis(x_values, plot_w))
    parts.append("</svg>")
    return Chart(chart_id, title, mark_safe("".join(parts)), x_label, y_label, x_values, series)  # noqa: S308


def bar_chart(
    *,
    chart_id: str,
    title: str,
    x_values: list[str],
    series: list[Series],
    x_label: str,
    y_label: str,
) -> Chart:
    """Grouped bars, one group per x value (e.g. joins and leaves per quarter)."""
    _colour(series)
    plot_w = WIDTH - LEFT - RIGHT
    scale = _scale(_highest(series), _lowest(series))
    zero = _y(0, scale)
    desc = "; ".join(f"{s.label}: {_fmt(sum(s.values))}" for s in series)
    parts = [_frame(chart_id, title, desc, scale, x_label, y_label)]
    group_w = plot_w / max(len(x_values), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for index, s in enumerate(series):
        for i, v in enumerate(s.values):
            # A bar grows from the zero axis: up for a positive value, down for a negative one.
            y, h = min(_y(v, scale), zero), abs(_y(v, scale) - zero)
            x = LEFT + group_w * i + group_w * 0.1 + bar_w * index
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                f'height="{h:.1f}" fill="{s.colour}"><title>{escape(s.label)} '
                f"{escape(x_values[i])}: {_fmt(v)}</title></rect>"
            )
    parts.append(_x_axis(x_values, plot_w))
    parts.append("</svg>")
    return Chart(chart_id, title, mark_safe("".join(parts)), x_label, y_label, x_values, series)  # noqa: S308
