"""Step 3: turning the bytes into rows of cells: encodings, delimiters, workbooks.

Rows come out as lists of cells (``str``, ``int``, ``float``, ``datetime`` or ``None``), each
with the row number Excel shows, so every message can point at the row a person sees.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from crm.imports.pipeline.checks import MAX_COLUMNS, MAX_ROWS, FileRejected, check_shape, reject

Cell = str | int | float | datetime.datetime | datetime.date | None

POLISH_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# What else a Polish spreadsheet legitimately holds above ASCII.
PLAUSIBLE = POLISH_LETTERS | frozenset("„”“‚’‘–—…«»°§©®€ÄäÖöÜüßéÉáÁčČšŠřŘ ·×")
_C1 = dict.fromkeys(range(0x80, 0xA0))
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
CSV_DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 40


@dataclass
class Sheet:
    """A whole table: its rows (with Excel row numbers) and how it was read."""

    rows: Iterator[tuple[int, list[Cell]]]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheet_names: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (BOM or not), Windows-1250 or ISO-8859-2.

    Raises: FileRejected when no candidate gives plausible Polish text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _undetectable() from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Only the bytes above ASCII tell the encodings apart: judge those alone (fast on big files).
    high_bytes = data.translate(None, bytes(range(128)))
    best: tuple[float, str] | None = None
    for encoding in ("cp1250", "iso-8859-2"):
        try:
            high = high_bytes.decode(encoding)
        except UnicodeDecodeError:
            continue  # cp1250 leaves five bytes undefined
        # ISO-8859-2 puts C1 control characters where cp1250 has ś, ź, Ś, Ź, „, ”, –.
        controls = len(high) - len(high.translate(_C1))
        plausible = sum(high.count(ch) for ch in PLAUSIBLE)
        score = (plausible - 2 * controls) / max(len(high), 1)
        if best is None or score > best[0]:
            best = (score, encoding)
    if best is None or best[0] < 0.6:
        raise _undetectable()
    return data.decode(best[1]), best[1]


def _undetectable() -> FileRejected:
    return reject(
        _(
            "Nie rozpoznano kodowania pliku – zapisz go jako CSV UTF-8 lub CSV (rozdzielany "
            "średnikami) w Excelu"
        ),
        "the file's encoding could not be detected; save it as CSV UTF-8",
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, and most regular, columns."""
    head = text.splitlines()[:SNIFF_LINES]
    best, best_score = ";", -1.0
    for delimiter in CSV_DELIMITERS:
        widths = [len(row) for row in csv.reader(head, delimiter=delimiter) if any(row)]
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        score = modal * widths.count(modal) / len(widths) if modal > 1 else 0.0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes) -> Sheet:
    """Raises: FileRejected."""
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        # Lines are sliced off the text one by one: io.StringIO would copy the whole file
        # (four bytes a character) once more.
        lines = (match.group(0) for match in _LINE.finditer(text))
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, start=1):
                if len(cells) > MAX_COLUMNS:
                    check_shape(rows=number, columns=len(_trimmed(cells)))
                if number > MAX_ROWS:
                    check_shape(rows=number, columns=0)
                yield number, list(cells)
        except csv.Error as error:
            raise reject(_("Plik CSV jest uszkodzony"), "the CSV file is malformed") from error

    return Sheet(rows=rows(), encoding=encoding, delimiter=delimiter)


def _trimmed(cells: list[Any]) -> list[Any]:
    end = len(cells)
    while end and cells[end - 1] in (None, ""):
        end -= 1
    return cells[:end]


def read_xlsx(data: bytes, sheet: str = "") -> Sheet:
    """The first sheet, or the one named; merged title cells keep their value top-left.

    Raises: FileRejected.
    """
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise reject(
            _("Nie udało się otworzyć arkusza .xlsx"), "cannot open the workbook"
        ) from error
    names = list(workbook.sheetnames)
    if sheet and sheet not in names:
        workbook.close()
        raise reject(
            _("W pliku nie ma arkusza „%(sheet)s”; są: %(names)s")
            % {"sheet": sheet, "names": ", ".join(names)},
            "no such sheet",
        )
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    # The <dimension> a workbook declares is only a claim; the rows themselves are checked too.
    try:
        check_shape(rows=worksheet.max_row or 0, columns=worksheet.max_column or 0)
    except FileRejected:
        workbook.close()
        raise

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = _trimmed(list(values))
                check_shape(rows=number, columns=len(cells))
                yield number, cells
        finally:
            workbook.close()

    return Sheet(rows=rows(), sheet=worksheet.title, sheet_names=names)


def read_table(data: bytes, file_type: str, sheet: str = "") -> Sheet:
    """Raises: FileRejected."""
    return read_xlsx(data, sheet) if file_type == "xlsx" else read_csv(data)
