"""Polish formats on every page: dates, amounts, numbers, NIP, phones; charts with their data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from crm.templatetags.siec import money, nip, number, phone, pl_date, pl_datetime
from crm.web.charts import Series, bar_chart, line_chart

NBSP = "\u00a0"


def test_dates_are_day_month_year_and_times_are_warsaw_time() -> None:
    assert pl_date(datetime.date(2026, 11, 27)) == "27.11.2026"
    utc_noon = datetime.datetime(2026, 11, 27, 13, 5, tzinfo=ZoneInfo("UTC"))
    assert pl_datetime(utc_noon) == "27.11.2026, 14:05"
    assert pl_date(None) == ""


def test_amounts_and_numbers_use_a_space_for_thousands_and_a_comma_for_decimals() -> None:
    assert money(Decimal("12500")) == f"12{NBSP}500,00{NBSP}zł"
    assert money(Decimal("1234567.5")) == f"1{NBSP}234{NBSP}567,50{NBSP}zł"
    assert number(98765) == f"98{NBSP}765"
    assert number(Decimal("12.5"), 2) == "12,50"
    assert money(None) == ""


def test_identifiers_and_phones_are_printed_the_polish_way() -> None:
    assert nip("9720078986") == "972-007-89-86"
    assert phone("+48856821122") == "+48 85 682 11 22"
    assert phone("+48502300400") == "+48 502 300 400"


def test_a_chart_has_a_title_axis_labels_okabe_ito_colours_and_the_same_numbers_as_a_table() -> (
    None
):
    chart = line_chart(
        chart_id="c",
        title="Członkowie sieci",
        x_values=["I kw. 2026", "II kw. 2026"],
        series=[Series("sieć A", [3, 7]), Series("sieć B", [1, 2])],
        x_label="kwartał",
        y_label="organizacje",
    )
    svg = str(chart.svg)
    assert 'role="img"' in svg and "<title" in svg and "Członkowie sieci" in svg
    assert "kwartał" in svg and "organizacje" in svg
    assert "#0072B2" in svg and "#E69F00" in svg
    assert chart.table_rows == [("I kw. 2026", [3, 1]), ("II kw. 2026", [7, 2])]
    bars = bar_chart(
        chart_id="b",
        title="Przystąpienia",
        x_values=["I kw."],
        series=[Series("przystąpiły", [4])],
        x_label="kwartał",
        y_label="organizacje",
    )
    assert "<rect" in str(bars.svg) and "przystąpiły I kw.: 4" in str(bars.svg)


def test_chart_text_is_escaped() -> None:
    chart = line_chart(
        chart_id="x",
        title="<script>alert(1)</script>",
        x_values=["a"],
        series=[Series("<b>", [1])],
        x_label="x",
        y_label="y",
    )
    assert "<script>" not in str(chart.svg)
