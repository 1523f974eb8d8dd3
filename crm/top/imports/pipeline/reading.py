"""Step 3: turning the bytes into rows of cells: encodings, delimiters, workbooks.

Rows come out as lists of cells (``str``, ``int``, ``float``, ``datetime`` or ``None``), each
with the row number Excel shows, so every message can point at the row a person sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from crm.cells import Cell
from crm.top.imports.pipeline.checks import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    FileRejected,
    cell_too_long,
    check_shape,
    reject,
)

POLISH_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# What else a Polish spreadsheet legitimately holds above ASCII.
PLAUSIBLE = POLISH_LETTERS | frozenset("„”“‚’‘–—…«»°§©®€ÄäÖöÜüßéÉáÁčČšŠřŘ ·×")
_C1 = dict.fromkeys(range(0x80, 0xA0))
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
CSV_DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 40
PLAUSIBILITY_SAMPLE = 1 << 16  # characters above ASCII


@dataclass
class Sheet:
    """A whole table: its rows (with Excel row numbers) and how it was read."""

    rows: Iterator[tuple[int, list[Cell]]]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheet_names: list[str] = field(default_factory=list)


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with BOM: ``utf-8-sig``), Windows-1250 or ISO-8859-2.

    Raises: FileRejected when no candidate gives plausible Polish text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        if not _is_utf8(data[3:]):
            raise _undetectable()
        return "utf-8-sig"
    if _is_utf8(data):
        return "utf-8"
    # Only the bytes above ASCII tell the encodings apart: judge those alone (fast on big files).
    high_bytes = data.translate(None, bytes(range(128)))
    best: tuple[float, str] | None = None
    for encoding in ("cp1250", "iso-8859-2"):
        try:
            # Every byte must decode; how plausible the text is, a sample tells as well.
            high = high_bytes.decode(encoding)[:PLAUSIBILITY_SAMPLE]
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
    return best[1]


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8, checked a megabyte at a time so the whole text never exists at once."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(data[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes) -> tuple[str, str]:
    """The whole text and its encoding. Raises: FileRejected."""
    encoding = detect_encoding(data)
    return data.decode(encoding), encoding


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
        try:
            widths = [len(row) for row in csv.reader(head, delimiter=delimiter) if any(row)]
        except csv.Error:
            continue  # a cell past the csv module's limit: not this delimiter's business
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        score = modal * widths.count(modal) / len(widths) if modal > 1 else 0.0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes) -> Sheet:
    """Raises: FileRejected."""
    encoding = detect_encoding(data)
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    body = data[3:] if encoding == "utf-8-sig" else data
    head = [m.group(0).decode(codec) for m in itertools.islice(_LINE.finditer(body), SNIFF_LINES)]
    delimiter = sniff_delimiter("".join(head))

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        # Each line is decoded on its own: the file never exists as one big text (a str of
        # a Polish file takes two to four bytes a character).
        lines = (match.group(0).decode(codec) for match in _LINE.finditer(body))
        reader = csv.reader(lines, delimiter=delimiter)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                if len(cells) > MAX_COLUMNS:
                    check_shape(rows=number, columns=len(_trimmed(cells)))
                if number > MAX_ROWS:
                    check_shape(rows=number, columns=0)
                if cells and max(map(len, cells)) > MAX_CELL_CHARS:  # C, not a frame a cell
                    raise cell_too_long(number)
                yield number, list(cells)
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise cell_too_long(number + 1) from error
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
    # The <dimension> a workbook declares is only a claim (``A1:C2`` over a million rows made
    # openpyxl stop after two): forget it, read every row, count them as they come.
    worksheet.reset_dimensions()  # type: ignore[union-attr]

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
