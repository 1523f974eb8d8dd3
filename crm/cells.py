"""What a spreadsheet cell holds, as partners' files and every import read it.

Excel hands numbers over as int or float and dates as serial numbers; CSV saved from Polish
Excel has ``dd.mm.yyyy``. These helpers turn a cell into text or a date the same way wherever a
file is read (the import pipeline, the membership import, the admin's resources).
"""

from __future__ import annotations

import datetime
import re

from crm.identifiers import _text

Cell = str | int | float | datetime.datetime | datetime.date | None

EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DATE_DMY = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if type(cell) is str:  # nearly every cell of a CSV: skip the number checks
        text = cell.strip()
        return text if not text.endswith(".0") else _text(text)
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()
    return _text(cell)


def parse_date(cell: Cell) -> datetime.date | None:
    """dd.mm.yyyy, ISO or an Excel serial number. Raises: ValueError."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = text_of(cell)
    if match := _DATE_DMY.match(text):
        return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    if match := _DATE_ISO.match(text):
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    if text.isdigit() and 20000 <= int(text) <= 80000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(text))
    raise ValueError(text)
