"""Writing tables to CSV (UTF-8 with BOM, ``;``, for Polish Excel) and XLSX, formula-free.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula by a spreadsheet; it gets a leading apostrophe. django-import-export's own
option only strips one leading ``=`` (``==1+1`` gets through), so this is done here.

This is the one writer of every workbook and CSV the application produces: tables go through
``render`` (``to_csv`` / ``to_xlsx``); a workbook laid out by hand (the monitoring report) is
saved by ``save_workbook``, which passes every cell through the same escaping, so a text an
editor typed (an indicator named ``=HYPERLINK(...)``) never becomes a live formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold; openpyxl refuses them.
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0x7F])


def escape_cell(value: Any) -> Any:
    """Text that a spreadsheet would evaluate gets a leading ``'``; numbers and dates stay."""
    if value is None or isinstance(
        value, bool | int | float | Decimal | datetime.date | datetime.datetime
    ):
        return value
    # Control characters go first, so that "\x00=1+1" cannot turn into a formula later.
    text = str(value).translate(_ILLEGAL)
    if text.lstrip(" ").startswith(DANGEROUS_FIRST):
        return "'" + text
    return text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if c is None else escape_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Eksport") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Eksport")

    def cells(values: Sequence[Any]) -> list[Any]:
        out = []
        for value in values:
            value = escape_cell(value)
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Never a formula, whatever openpyxl guessed from the text.
                cell.data_type = "s"
            out.append(cell)
        return out

    sheet.append(cells(headers))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def save_workbook(workbook: Any) -> bytes:
    """The bytes of an openpyxl ``Workbook`` built cell by cell, with no live formula in it.

    Every text cell is escaped and typed as text, whatever openpyxl guessed when it was set.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) or cell.data_type == "f":
                    cell.value = escape_cell(cell.value)
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Raises: ValueError for a format other than ``csv`` or ``xlsx``."""
    if fmt == "csv":
        return to_csv(headers, rows)
    if fmt == "xlsx":
        return to_xlsx(headers, rows)
    raise ValueError(fmt)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
