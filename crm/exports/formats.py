"""Writing tables to CSV (UTF-8 with BOM, ``;``, for Polish Excel) and XLSX, formula-free.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula by a spreadsheet; it gets a leading apostrophe. Phones (``PhoneText``) are the
exception that needs none: in XLSX a text cell marked "quote prefix" (Excel's own text mark,
not a character of the value), in CSV with ``00`` for the leading ``+``.

The CSV is for Polish Excel: ``;`` between cells, a BOM, dates as ``27.11.2026``, decimal
commas, and only characters Windows-1250 holds (Excel's "ANSI" for Polish), so that a file saved
again by Excel loses nothing; the rest is written as its nearest equivalent. XLSX keeps every
character, real dates (``DD.MM.YYYY``) and numbers. django-import-export's own
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
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold; openpyxl refuses them.
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0x7F])


_PHONES = re.compile(r"^\+?[\d ]+(, \+?[\d ]+)*$")


class PhoneText(str):
    """Phone numbers as text (``+48 85 682 11 22, +48 502 300 400``), written without the
    apostrophe other text starting with ``+`` gets (see the module docstring)."""

    @property
    def is_plain(self) -> bool:
        """Only digits, spaces, commas and leading ``+``: nothing a spreadsheet could run."""
        return bool(_PHONES.match(self))


def escape_cell(value: Any) -> Any:
    """Text that a spreadsheet would evaluate gets a leading ``'``; numbers and dates stay."""
    if isinstance(value, PhoneText) and value.is_plain:
        return value
    if value is None or isinstance(
        value, bool | int | float | Decimal | datetime.date | datetime.datetime
    ):
        return value
    # Control characters go first, so that "\x00=1+1" cannot turn into a formula later.
    text = str(value).translate(_ILLEGAL)
    if text.lstrip(" ").startswith(DANGEROUS_FIRST):
        return "'" + text
    return text


# What NFKD does not bring into Windows-1250 but has a plain equivalent there.
_CP1250_EQUIVALENTS = str.maketrans(
    {"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2015": "-", "\u2002": " ",
     "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u201f": "\u201d",
     "\u2032": "'", "\u2033": '"', "\u2116": "Nr"}
)  # fmt: skip


def cp1250_safe(text: str) -> str:
    """``text`` with only characters Windows-1250 holds: the others as their nearest
    equivalent (compatibility decomposition, without accents Polish does not use), or ``?``."""
    try:
        text.encode("cp1250")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text.translate(_CP1250_EQUIVALENTS):
        try:
            char.encode("cp1250")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        plain = "".join(
            c
            for c in unicodedata.normalize("NFKD", char)
            if not unicodedata.combining(c) and _in_cp1250(c)
        )
        out.append(plain or "?")
    return "".join(out)


def _in_cp1250(char: str) -> bool:
    try:
        char.encode("cp1250")
    except UnicodeEncodeError:
        return False
    return True


def csv_cell(value: Any) -> Any:
    """One cell as Polish Excel reads it from a CSV (text escaped after it is made cp1250-safe,
    so that no equivalent can turn into a formula)."""
    if value is None:
        return ""
    if isinstance(value, PhoneText) and value.is_plain:
        return value.replace("+", "00")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return escape_cell(cp1250_safe(value))
    return escape_cell(value)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


SHEET_NAME_LIMIT = 31  # Excel's limit for a sheet name


def sheet_name(title: str, limit: int = SHEET_NAME_LIMIT) -> str:
    """A sheet name Excel accepts (no ``[]:*?/\\``, at most 31 characters), shortened at a word
    boundary with "…": "Współpraca i partnerstwa ponadlokalne" is not "…ponadlo"."""
    clean = " ".join("".join(" " if ch in "[]:*?/\\" else ch for ch in title).split())
    if len(clean) <= limit:
        return clean
    cut = clean[: limit - 1]
    if clean[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    words = cut.rstrip(" ,;.:–—-(").split(" ")
    while len(words) > 1 and words[-1].casefold() in _DANGLING:
        words.pop()  # "…społeczne i…" reads as if something was lost: end on a word of weight
    return " ".join(words).rstrip(" ,;.:–—-(") + "…"


_DANGLING = frozenset({"i", "w", "z", "o", "na", "do", "oraz", "a", "and", "of", "the", "in"})


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Eksport") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name(title) or "Eksport")

    def cells(values: Sequence[Any]) -> list[Any]:
        out = []
        for value in values:
            phone = isinstance(value, PhoneText) and value.is_plain
            value = escape_cell(value)
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=str(value) if phone else value)
            if isinstance(value, str):
                # Never a formula, whatever openpyxl guessed from the text.
                cell.data_type = "s"
                if phone:
                    cell.quotePrefix = True  # Excel keeps "+48 …" text when it is edited
            elif isinstance(value, datetime.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
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


def render(
    fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Eksport"
) -> bytes:
    """Raises: ValueError for a format other than ``csv`` or ``xlsx``."""
    if fmt == "csv":
        return to_csv(headers, rows)
    if fmt == "xlsx":
        return to_xlsx(headers, rows, title=title)
    raise ValueError(fmt)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
