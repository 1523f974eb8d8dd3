"""The yearly report as an XLSX workbook: the indicator table, then one sheet per chapter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from crm.exports.formats import SHEET_NAME_LIMIT, save_workbook, sheet_name
from crm.top.monitoring.indicators import Cell
from crm.top.monitoring.report.build import IndicatorRow, Report

HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBEE")
TITLE = Font(bold=True, size=13)


def _number(value: Any) -> Any:
    """Numbers stay numbers in the workbook (Decimal → float only at the cell)."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _header(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = HEADER
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary(sheet: Worksheet, report: Report) -> None:
    scope = report.subregion.name if report.subregion else _("the whole voivodeship")
    sheet["A1"] = _("Monitoring of the social economy programme — %(year)s, %(scope)s") % {
        "year": report.year,
        "scope": scope,
    }
    sheet["A1"].font = TITLE
    sheet["A2"] = _("Generated %(at)s from the CRM data.") % {
        "at": report.generated_at.strftime("%d.%m.%Y %H:%M")
    }
    _header(
        sheet,
        4,
        [
            _("Chapter"),
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Baseline year"),
            _("Baseline"),
            _("Target %(year)s") % {"year": report.year},
            _("Achieved %(year)s") % {"year": report.year},
            _("Target achieved (%)"),
            _("Previous year"),
            _("Definition"),
        ],
    )
    row = 5
    for chapter in report.chapters:
        for item in chapter.rows:
            d = item.definition
            values = [
                chapter.title,
                d.code,
                d.name_pl,
                d.unit,
                d.baseline_year,
                d.baseline_value,
                item.target,
                item.value.value,
                item.achieved_pct,
                item.previous,
                d.description,
            ]
            for column, value in enumerate(values, start=1):
                sheet.cell(row=row, column=column, value=_number(value))
            row += 1
    sheet.freeze_panes = "D5"
    _widths(sheet, [24, 24, 48, 8, 10, 12, 12, 12, 10, 12, 80])


def _table(sheet: Worksheet, row: int, title: str, cells: list[Cell]) -> int:
    _header(sheet, row, [title, _("Value")])
    row += 1
    for cell in cells:
        sheet.cell(row=row, column=1, value=cell.label)
        sheet.cell(row=row, column=2, value=_number(cell.value))
        row += 1
    return row + 1


def _chapter(sheet: Worksheet, rows: list[IndicatorRow]) -> None:
    line = 1
    for item in rows:
        d = item.definition
        sheet.cell(row=line, column=1, value=f"{d.name_pl} [{d.unit}]").font = TITLE
        sheet.cell(row=line + 1, column=1, value=d.description)
        sheet.cell(row=line + 2, column=1, value=_("Total"))
        sheet.cell(row=line + 2, column=2, value=_number(item.value.value)).font = HEADER
        line += 4
        for title, cells in (
            (_("Subregion"), item.value.by_subregion),
            (_("Powiat"), item.value.by_powiat),
            (_("Kind"), item.value.by_category),
        ):
            if cells:
                line = _table(sheet, line, title, cells)
        line += 1
    _widths(sheet, [48, 14])


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel allows 31 characters and no ``[]:*?/\\`` in a sheet name."""
    clean = sheet_name(title) or "-"
    name, n = clean, 2
    while name in used:
        name = f"{sheet_name(title, SHEET_NAME_LIMIT - 3)} {n}"
        n += 1
    used.add(name)
    return name


def report_workbook(report: Report) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    used: set[str] = set()
    summary.title = _sheet_title(_("Indicators"), used)
    _summary(summary, report)
    for chapter in report.chapters:
        _chapter(workbook.create_sheet(_sheet_title(chapter.title, used)), chapter.rows)
    # Names, units and definitions are typed by editors: the one safe writer saves the file.
    return save_workbook(workbook)
