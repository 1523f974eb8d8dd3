"""Step 2: checks that run on the bytes before any parser touches them.

A file that fails is rejected in well under a second with a message in Polish and English, and
nothing is written anywhere.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 50 * 1024 * 1024
# An 840 KiB workbook can expand to 220 MB of XML: bound what the ZIP promises to unpack,
# and (scanning.py) what it really unpacks.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_EXPANDED = 200 * 1024 * 1024
# openpyxl keeps every shared string in memory: a 200,000-row list needs about 50 MB of them.
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_XLSX_ENTRIES = 1000
MAX_XLSX_RATIO = 200
MAX_ROWS = 200_000
MAX_COLUMNS = 200
# Excel's own limit for one cell: longer text cannot come from a spreadsheet.
MAX_CELL_CHARS = 32_767

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class FileRejected(ValueError):
    """The file itself cannot be imported; the message says why, in the user's words."""


@dataclass(frozen=True)
class FileKind:
    type: str  # "csv" or "xlsx"
    # A workbook's rows as its largest sheet really holds them (scanning.py), 0 for a CSV.
    rows: int = 0


def reject(polish: str, english: str) -> FileRejected:
    return FileRejected(f"{polish} ({english})")


def check_file(data: bytes) -> FileKind:
    """Decide the type by content and refuse anything too big or not a spreadsheet.

    Raises: FileRejected.
    """
    if not data:
        raise reject(_("Plik jest pusty"), "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise reject(
            _("Plik jest za duży: %(size)d MB, limit %(limit)d MB")
            % {"size": len(data) // 2**20, "limit": MAX_FILE_BYTES // 2**20},
            "the file is too large",
        )
    if data.startswith(XLSX_MAGIC):
        return FileKind("xlsx", check_xlsx_archive(data))
    if data.startswith(OLE_MAGIC):
        raise reject(
            _("Stary format .xls nie jest obsługiwany – zapisz plik jako .xlsx lub CSV"),
            "the old .xls format is not supported, save it as .xlsx or CSV",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise reject(
            _("Plik jest w kodowaniu UTF-16 („Tekst Unicode”) – zapisz go jako CSV UTF-8"),
            "UTF-16 text is not supported, save the file as CSV UTF-8",
        )
    if b"\x00" in data[:65536]:
        raise reject(
            _("To nie jest plik tekstowy CSV ani arkusz .xlsx (plik binarny)"),
            "this is neither a CSV text file nor an .xlsx workbook",
        )
    return FileKind("csv")


def check_xlsx_archive(data: bytes) -> int:
    """The ZIP directory (how many entries, how much they promise to unpack), then every part
    as it really unpacks (``scanning.scan_xlsx``); the rows of the largest sheet.

    Raises: FileRejected.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise reject(_("Uszkodzony plik .xlsx"), "a damaged .xlsx file") from error
    if len(entries) > MAX_XLSX_ENTRIES:
        raise reject(
            _("Arkusz ma podejrzanie wiele części (%(n)d)") % {"n": len(entries)},
            "the workbook has too many parts",
        )
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if total > MAX_XLSX_UNCOMPRESSED or total > max(packed, 65536) * MAX_XLSX_RATIO:
        raise reject(
            _("Arkusz po rozpakowaniu miałby %(size)d MB – to wygląda na bombę dekompresyjną")
            % {"size": total // 2**20},
            "the workbook would unpack to too much data (a decompression bomb)",
        )
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise reject(
            _("To nie jest arkusz Excel (.xlsx)"), "this ZIP file is not an .xlsx workbook"
        )
    from crm.top.imports.pipeline.scanning import scan_xlsx  # it stands on this module

    return max(scan_xlsx(data).values(), default=0)


def polish_number(value: int) -> str:
    """``200 000``: thousands apart by a space, as the messages show them."""
    return f"{value:,}".replace(",", "\u00a0")


def cell_too_long(row: int) -> FileRejected:
    return reject(
        _("Komórka w wierszu %(row)d jest dłuższa niż %(limit)s znaków (limit Excela)")
        % {"row": row, "limit": polish_number(MAX_CELL_CHARS)},
        "a cell is longer than Excel allows",
    )


def check_shape(*, rows: int, columns: int) -> None:
    """Raises: FileRejected when the sheet has more rows or columns than any partner list."""
    if columns > MAX_COLUMNS:
        raise reject(
            _("Za dużo kolumn: %(n)d (limit %(limit)d)") % {"n": columns, "limit": MAX_COLUMNS},
            "too many columns",
        )
    if rows > MAX_ROWS:
        raise reject(
            _("Za dużo wierszy: %(n)d (limit %(limit)d)") % {"n": rows, "limit": MAX_ROWS},
            "too many rows",
        )
