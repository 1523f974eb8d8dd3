"""Step 2b: a workbook read as a stream before openpyxl sees it, every part inflated once.

What the ZIP directory says is only a claim, and so is a sheet's ``<dimension>``: a 3 MB
workbook whose one shared string unpacks to 150 MB passes the directory checks, and openpyxl
holds every shared string in memory (a worker at 700 MB); a sheet whose ``<dimension>`` says
``A1:C2`` but holds a million rows is read as two rows. So every part is inflated here 64 KiB
at a time and counted, at C speed (``zlib``, ``re``), without building anything:

- the bytes really unpacked, all parts together (``MAX_XLSX_EXPANDED``);
- the shared strings (``MAX_SHARED_STRINGS_BYTES``);
- one cell: XML text cannot hold a raw ``<``, so the longest run of bytes without one bounds
  the longest cell (``MAX_CELL_CHARS`` characters, Excel's own limit, at up to six bytes each
  as UTF-8 or an entity);
- the rows of each sheet, whatever ``<dimension>`` says (``MAX_ROWS``).

Each stops at the first byte past its limit, so a bomb is refused after a few hundred
kilobytes, in milliseconds.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO

from django.utils.translation import gettext as _

from crm.top.imports.pipeline.checks import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_XLSX_EXPANDED,
    FileRejected,
    polish_number,
    reject,
)

SLAB = 1 << 16
# The longest run of bytes without "<" one cell may take: each character as up to four bytes
# of UTF-8, or an entity such as "&#x1F600;" for the rarest.
MAX_CELL_BYTES = MAX_CELL_CHARS * 6
# The namespace prefix a sheet's elements carry, if any ("<x:row"): the row patterns are
# made for it, so that they start with a literal, which the regex engine finds at C speed.
_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_ROW_TAIL = 512  # bytes kept between slabs, so a tag cut in two is still counted once


def _row_patterns(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """A row element, and a row's own number: openpyxl fills the rows a sheet skips, so
    r="900000" on the third row means 900,000 rows to read."""
    tag = b"<" + re.escape(prefix) + b"row"
    return re.compile(tag + rb"[\s/>]"), re.compile(tag + rb'\s[^>]*?\br="(\d{1,9})"')


def scan_xlsx(data: bytes) -> dict[str, int]:
    """Inflate every part of the workbook once, counting; the rows of each sheet.

    Raises: FileRejected naming the limit the workbook passes.
    """
    expanded = 0
    rows: dict[str, int] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                if entry.is_dir():
                    continue
                name = entry.filename
                sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
                shared = name == "xl/sharedStrings.xml"
                with archive.open(entry) as part:
                    part_bytes, found = _scan_part(part, name, sheet, expanded)
                expanded += part_bytes
                if shared and part_bytes > MAX_SHARED_STRINGS_BYTES:
                    raise _too_many_strings()
                if sheet:
                    rows[name] = found
    except FileRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        # A CRC error, a part that unpacks to other than it declared, a broken stream.
        raise reject(_("Uszkodzony plik .xlsx"), "a damaged .xlsx file") from error
    return rows


def _scan_part(part: IO[bytes], name: str, sheet: bool, before: int) -> tuple[int, int]:
    """(bytes unpacked, rows) of one part. Raises: FileRejected."""
    size = rows = 0
    run = 0  # bytes since the last "<"
    tail = b""
    shared = name == "xl/sharedStrings.xml"
    patterns: tuple[re.Pattern[bytes], re.Pattern[bytes]] | None = None
    while True:
        slab = part.read(SLAB)
        if not slab:
            return size, rows
        size += len(slab)
        if before + size > MAX_XLSX_EXPANDED:
            raise reject(
                _(
                    "Arkusz po rozpakowaniu ma ponad %(limit)d MB – to wygląda na bombę "
                    "dekompresyjną"
                )
                % {"limit": MAX_XLSX_EXPANDED // 2**20},
                "the workbook unpacks to too much data (a decompression bomb)",
            )
        if shared and size > MAX_SHARED_STRINGS_BYTES:
            raise _too_many_strings()
        first = slab.find(b"<")
        if first < 0:
            run += len(slab)
        else:
            run += first
            if run <= MAX_CELL_BYTES:
                # Runs inside one slab are shorter than a slab, far below the limit: only the
                # run across slab edges can pass it.
                run = len(slab) - slab.rfind(b"<") - 1
        if run > MAX_CELL_BYTES:
            raise reject(
                _("Komórka w części „%(part)s” jest dłuższa niż %(limit)s znaków (limit Excela)")
                % {"part": name.rsplit("/", 1)[-1], "limit": polish_number(MAX_CELL_CHARS)},
                "a cell is longer than Excel allows",
            )
        if sheet:
            window = tail + slab
            if patterns is None:
                found = _PREFIX.search(window)
                patterns = _row_patterns(found.group(1) or b"" if found else b"")
            row, number = patterns
            rows += len(row.findall(window)) - len(row.findall(tail))
            numbers = number.findall(window)
            if numbers:
                rows = max(rows, *map(int, numbers))
            tail = window[-_ROW_TAIL:]
            if rows > MAX_ROWS:
                raise reject(
                    _("Za dużo wierszy: ponad %(limit)s") % {"limit": polish_number(MAX_ROWS)},
                    "too many rows",
                )


def _too_many_strings() -> FileRejected:
    return reject(
        _("Teksty arkusza zajmują ponad %(limit)d MB – więcej niż jakakolwiek lista partnera")
        % {"limit": MAX_SHARED_STRINGS_BYTES // 2**20},
        "the workbook's shared strings are too large",
    )
