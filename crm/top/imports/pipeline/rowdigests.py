"""A digest of each row's own cells, read straight from the file's bytes where it can be.

Two rows with one digest normalise to the same values: the digest covers every mapped cell
(not the row's number, nor the Lp. column, which shifts when a row is inserted above), salted
with what else decides what a row means: the header mapping, the encoding and delimiter, the
territory the gminas resolve against and the normaliser's version. The fingerprints
(``fingerprints.py``) use it to find the rows an earlier import already wrote as they are.

A CSV line without a quote character is one record and its cells are the bytes between the
delimiters, so it is hashed without being decoded or parsed. A line with a quote goes through
the ``csv`` module, which consumes as many lines as the record spans: records are numbered
exactly as the reader in ``reading.py`` numbers them.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _

from crm.cells import text_of
from crm.top.imports.pipeline.checks import MAX_COLUMNS, MAX_ROWS, check_shape, reject
from crm.top.imports.pipeline.reading import Sheet, _trimmed

# Bump when normalising or matching changes what the same cells mean.
VERSION = 1
# Fields whose cells do not reach the organisation's row: a change in them cannot change it.
NOT_HASHED = frozenset({"lp"})


def salt(*, columns: dict[int, str], encoding: str, delimiter: str, territory: Any) -> bytes:
    payload = json.dumps(
        [VERSION, sorted(columns.items()), encoding, delimiter, territory],
        ensure_ascii=False,
        default=str,
    )
    return hashlib.blake2b(payload.encode(), digest_size=16).digest()


class Digests(Mapping[int, bytes]):
    """Row number → 16-byte digest, packed in one bytearray in row order: 100,000 rows hold
    1.6 MB, where a dict of bytes held 12 MB for the whole plan (issue 15's memory target).

    A row without a digest is 16 zero bytes; a real digest of 16 zeros (one chance in 2**128)
    would only send its row the full way.
    """

    SIZE = 16
    NONE = bytes(SIZE)

    def __init__(self) -> None:
        self.first = 0
        self.packed = bytearray()
        self.count = 0

    def __setitem__(self, number: int, digest: bytes) -> None:
        if not self.count:
            self.first = number
        offset = (number - self.first) * self.SIZE
        if offset < len(self.packed) or len(digest) != self.SIZE:
            raise ValueError("digests are added once each, in row order, 16 bytes each")
        self.packed.extend(bytes(offset - len(self.packed)))
        self.packed.extend(digest)
        self.count += 1

    def __getitem__(self, number: int) -> bytes:
        offset = (number - self.first) * self.SIZE
        if number < self.first or offset >= len(self.packed):
            raise KeyError(number)
        digest = bytes(self.packed[offset : offset + self.SIZE])
        if digest == self.NONE:
            raise KeyError(number)
        return digest

    def __iter__(self) -> Iterator[int]:
        packed, size, none = self.packed, self.SIZE, self.NONE
        for i in range(len(packed) // size):
            if packed[i * size : (i + 1) * size] != none:
                yield self.first + i

    def __len__(self) -> int:
        return self.count


class Digester:
    """Row number → digest for the data rows of a file (below the header row).

    Every cell counts but the Lp. column's, mapped or not: a change in a column nobody maps
    only sends the row the full way, which is slower, never wrong. Rows naming a contact
    person get none: their people are matched one by one.
    """

    def __init__(self, columns: dict[int, str], header_row: int, salt: bytes) -> None:
        self.skipped = frozenset(i for i, f in columns.items() if f in NOT_HASHED)
        self.person = [i for i, f in columns.items() if f == "contact_person"]
        self.header_row = header_row
        self.salt = salt
        self.last = 0  # the number of the last row read

    def _hash(self, payload: bytes) -> bytes:
        return hashlib.blake2b(payload, digest_size=16, key=self.salt).digest()

    def from_cells(self, rows: Iterable[tuple[int, list[Any]]]) -> Digests:
        """Digests of rows already split into cells (a workbook)."""
        found = Digests()
        for number, cells in rows:
            self.last = number
            if number <= self.header_row:
                continue
            digest = self.of_cells(cells)
            if digest is not None:
                found[number] = digest
        return found

    def of_cells(self, cells: list[Any]) -> bytes | None:
        texts = [text_of(cell) for cell in cells]
        if any(texts[i] for i in self.person if i < len(texts)):
            return None
        kept = [text for i, text in enumerate(texts) if i not in self.skipped]
        if not any(kept):
            return None  # an empty row
        # JSON, not a delimiter: a cell holding the delimiter cannot pass for two cells.
        return self._hash(b"c" + json.dumps(kept, ensure_ascii=False).encode())

    def from_csv(self, data: bytes, encoding: str, delimiter: str) -> Digests:
        codec = "utf-8" if encoding == "utf-8-sig" else encoding
        body = data[3:] if encoding == "utf-8-sig" else data
        separator = delimiter.encode(codec)
        lines = _lines(body)
        found = Digests()
        number = 0
        blake2b, key, usual = hashlib.blake2b, self.salt, self.skipped == {0} and not self.person
        for line in lines:
            number += 1
            if number > MAX_ROWS:
                check_shape(rows=number, columns=0)
            if usual and number > self.header_row and b'"' not in line:
                # The usual line (Lp. first, no contact person, no quotes, not too wide): what
                # _plain does, inline; measured a third faster on 100,000 lines, which the
                # re-import's time needs.
                text = line.rstrip(b"\r\n")
                cut = text.find(separator)
                rest = text[cut + 1 :] if cut >= 0 else b""
                if text.count(separator) < MAX_COLUMNS and rest.strip(separator + b" \t"):
                    found[number] = blake2b(b"r" + rest, digest_size=16, key=key).digest()
                    continue
            if b'"' in line:
                digest = self._quoted(line, lines, codec, delimiter, number)
            elif number > self.header_row:
                digest = self._plain(line.rstrip(b"\r\n"), separator, number)
            else:
                continue
            if digest is not None and number > self.header_row:
                found[number] = digest
        self.last = number
        return found

    def _plain(self, text: bytes, separator: bytes, number: int) -> bytes | None:
        """A line without quotes: its cells are the bytes between the delimiters."""
        if text.count(separator) >= MAX_COLUMNS:  # as the reader refuses it
            parts = text.split(separator)
            check_shape(rows=number, columns=len(_trimmed([p or None for p in parts])))
        if self.person:
            parts = text.split(separator)
            if any(parts[i].strip() for i in self.person if i < len(parts)):
                return None
        if self.skipped == {0}:  # the usual Lp. first
            cut = text.find(separator)
            text = text[cut + 1 :] if cut >= 0 else b""
        elif self.skipped:
            parts = text.split(separator)
            text = separator.join(p for i, p in enumerate(parts) if i not in self.skipped)
        if not text.strip(separator + b" \t"):
            return None  # an empty row
        return self._hash(b"r" + text)

    def _quoted(
        self, first: bytes, rest: Iterator[bytes], codec: str, delimiter: str, number: int
    ) -> bytes | None:
        """One record that may span lines: the csv module reads exactly as many as it needs."""

        def record() -> Iterator[str]:
            yield first.decode(codec)
            for line in rest:
                yield line.decode(codec)

        reader = csv.reader(record(), delimiter=delimiter)
        try:
            cells = next(reader, [])
        except csv.Error as error:
            raise reject(_("Plik CSV jest uszkodzony"), "the CSV file is malformed") from error
        if len(cells) > MAX_COLUMNS:
            check_shape(rows=number, columns=len(_trimmed(cells)))
        return self.of_cells(list(cells))


def _lines(body: bytes, slab: int = 1 << 20) -> Iterator[bytes]:
    """The lines of ``body`` with their ends, split a megabyte at a time (never all at once)."""
    start = 0
    while start < len(body):
        cut = body.find(b"\n", start + slab)
        end = len(body) if cut < 0 else cut + 1
        yield from body[start:end].splitlines(keepends=True)
        start = end


def row_digests(
    data: bytes, table: Sheet, rows: Iterable[tuple[int, list[Any]]], *, file_type: str,
    columns: dict[int, str], header_row: int, salt: bytes,
) -> tuple[Digests, int]:  # fmt: skip
    """Row number → digest, and how many rows there are below the header row.

    A CSV is hashed from ``data`` (read as ``table`` says); a workbook from its ``rows``.
    """
    digester = Digester(columns, header_row, salt)
    if file_type == "csv":
        found = digester.from_csv(data, table.encoding, table.delimiter)
    else:
        found = digester.from_cells(rows)
    return found, max(0, digester.last - header_row)
