"""Uploads that never crash a worker or lose rows: every file is checked as it streams, the
dry run runs in the background, and a refusal is a 400 with the reason, through the API and
the import page alike."""

from __future__ import annotations

import functools
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crm.top.imports.models import ImportBatch, ImportRow
from tests.api.conftest import client_for as api_client_for
from tests.imports.conftest import SAMPLE_CSV, work_off
from tests.web.conftest import client_for as page_client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/imports/"
# What a gunicorn worker may reach while it checks an upload (the bomb took 760 MB): a
# fresh worker of this application sits at about 175 MiB, so a check may add 125 MiB. The test
# measures what the request adds, not the whole process: after hundreds of tests in one process
# (the full suite) pytest alone is past 300 MiB.
RSS_LIMIT_KIB = 300 * 1024
FRESH_WORKER_KIB = 175 * 1024


# --- workbooks built by hand: a few parts, written as streams so the test stays fast --------


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships"><sheets><sheet name="Lista" sheetId="1" r:id="rId1"/></sheets>'
    b"</workbook>"
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main"><dimension ref="A1:C2"/><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"
_STRINGS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main">'
)


def workbook(sheet_rows: Iterator[bytes], strings: Iterator[bytes]) -> bytes:
    """A minimal .xlsx: ``strings`` are the <si> items, ``sheet_rows`` the <row> elements."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(_STRINGS_HEAD)
            for item in strings:
                part.write(item)
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(_SHEET_HEAD)
            for row in sheet_rows:
                part.write(row)
            part.write(_SHEET_TAIL)
    return buffer.getvalue()


def header_and(rows: Iterator[bytes]) -> Iterator[bytes]:
    """The header row (shared strings 0-2: Nazwa podmiotu, NIP, Gmina), then ``rows``."""
    yield b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    yield from rows


HEADER_STRINGS = [b"<si><t>Nazwa podmiotu</t></si>", b"<si><t>NIP</t></si>"]


@functools.cache
def shared_string_bomb() -> bytes:
    """3 MB that unpack to a 150 MB shared string (under the ZIP directory's limits)."""

    def strings() -> Iterator[bytes]:
        yield from HEADER_STRINGS
        yield b"<si><t>"
        block = (b"A" * 255 + b"B") * 4096  # compresses about 50 times, like the file
        for _ in range(150):
            yield block
        yield b"</t></si>"

    return workbook(header_and(iter([])), strings())


@functools.cache
def million_rows_dimension_two() -> bytes:
    """A million rows behind <dimension ref="A1:C2"> (5 MB; written 10,000 rows a piece, so
    it is built in about a second)."""

    def rows() -> Iterator[bytes]:
        row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>F</t></is></c></row>'
        for start in range(2, 1_000_001, 10_000):
            end = min(start + 10_000, 1_000_001)
            yield b"".join([row % (n, n) for n in range(start, end)])

    return workbook(header_and(rows()), iter(HEADER_STRINGS))


@functools.cache
def many_shared_strings() -> bytes:
    """400,000 different shared strings of 170 bytes: 71 MB of them, no cell too long
    and no row too many (each string stands for a name, none is used in the sheet)."""

    def strings() -> Iterator[bytes]:
        yield from HEADER_STRINGS
        filler = b"Fundacja " + b"Rozwoju Przedsi\xc4\x99biorczo\xc5\x9bci " * 5
        item = b"<si><t>%s %%07d</t></si>" % filler
        for start in range(0, 400_000, 10_000):
            yield b"".join([item % n for n in range(start, start + 10_000)])

    return workbook(header_and(iter([])), strings())


def lying_dimension(rows: int) -> bytes:
    """``rows`` rows of named organisations, also behind <dimension ref="A1:C2">."""
    cells = (
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Fundacja Wiersz %d</t></is></c></row>'
        % (n, n, n)
        for n in range(2, rows + 2)
    )
    return workbook(header_and(cells), iter(HEADER_STRINGS))


def one_megabyte_cell(row: int) -> bytes:
    lines = ["Nazwa podmiotu;NIP;Uwagi"]
    lines += [f"Fundacja {n};;" for n in range(2, row)]
    lines.append("Fundacja Długa;;" + "x" * (1 << 20))
    return ("\n".join(lines) + "\n").encode()


def garbage_rows(rows: int) -> bytes:
    text = "Nazwa podmiotu;NIP;Gmina\n" + "".join(
        f"ąę#{n}%$;{n * 7919 % 10**10:010d}x;?!{n}\n" for n in range(rows)
    )
    return text.encode("utf-8")


# --- measuring a request ---------------------------------------------------------------------


def peak_rss_kib(run: Callable[[], Any]) -> tuple[Any, int, float, float]:
    """What ``run`` returns, how far it raised the process's RSS at its peak (KiB), its CPU
    seconds and its wall-clock seconds.

    The CPU time is what is asserted: it is the work the request does, while the wall clock
    also counts the waits of a machine shared with other work (a test run in parallel).
    """
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM, the peak
    status = Path("/proc/self/status").read_text()
    before = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    started, cpu = time.monotonic(), time.process_time()
    result = run()
    cpu, elapsed = time.process_time() - cpu, time.monotonic() - started
    status = Path("/proc/self/status").read_text()
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return result, max(0, peak - before), cpu, elapsed


def via_api(user: Any, name: str, data: bytes) -> tuple[int, str]:
    client = api_client_for(user)
    upload = SimpleUploadedFile(name, data)
    response = client.post(API, {"source": "OWES", "file": upload}, format="multipart")
    body = response.json()
    reason = " ".join((body.get("errors") or {}).get("file", [])) or body.get("message", "")
    return response.status_code, reason


def via_page(user: Any, name: str, data: bytes) -> tuple[int, str]:
    client = page_client_for(user)
    upload = SimpleUploadedFile(name, data)
    response = client.post(reverse("imports:upload"), {"source": "OWES", "file": upload})
    if response.status_code != 200:
        return response.status_code, ""
    errors = response.context["form"].errors.get("file", [])
    return 400, " ".join(errors)  # the page shows the form again with the reason


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


BOMBS = {
    "shared_string_bomb": (shared_string_bomb, "bomb.xlsx", "dłuższa niż 32"),
    "million_rows_dimension_A1_C2": (million_rows_dimension_two, "rows.xlsx", "Za dużo wierszy"),
    "71_MB_of_shared_strings": (many_shared_strings, "teksty.xlsx", "Teksty arkusza zajmują"),
    "one_megabyte_cell_in_the_head": (lambda: one_megabyte_cell(5), "cell.csv", "wierszu 5"),
    "one_megabyte_cell_further_down": (lambda: one_megabyte_cell(500), "cell.csv", "wierszu 500"),
}


@pytest.mark.parametrize("send", [via_api, via_page], ids=["api", "page"])
@pytest.mark.parametrize("case", list(BOMBS), ids=list(BOMBS))
def test_a_bad_upload_is_refused_at_once_with_the_reason_and_little_memory(
    case: str, send: Callable[[Any, str, bytes], tuple[int, str]], manager: Any
) -> None:
    make, name, words = BOMBS[case]
    data = make()
    send(manager, "rozgrzewka.csv", b"\x00")  # the first request of a process loads modules

    (status, reason), grown, cpu, elapsed = peak_rss_kib(lambda: send(manager, name, data))

    print(f"{case}: {len(data) >> 10} KiB, {cpu:.2f} s CPU ({elapsed:.2f} s wall), "
          f"RSS raised by {grown // 1024} MiB")  # fmt: skip
    assert status == 400
    assert words in reason
    assert cpu < 1.0
    assert FRESH_WORKER_KIB + grown < RSS_LIMIT_KIB, f"RSS raised by {grown // 1024} MiB"
    assert not ImportBatch.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_workbook_whose_dimension_lies_is_read_to_its_last_row(manager: Any) -> None:
    client = api_client_for(manager)
    upload = SimpleUploadedFile("lista.xlsx", lying_dimension(500))

    response = client.post(API, {"source": "OWES", "file": upload}, format="multipart")
    batch = work_off(response.json()["id"])

    assert batch.status == ImportBatch.Status.PLANNED
    assert batch.file_rows == 500
    assert batch.counts["create"] == 500  # not the two rows <dimension> claims
    assert ImportRow.objects.filter(batch=batch, row_number=501).exists()


def test_garbage_is_planned_in_the_background_and_every_row_reported(manager: Any) -> None:
    client = api_client_for(manager)
    upload = SimpleUploadedFile("smieci.csv", garbage_rows(100_000))

    response = client.post(API, {"source": "OWES", "file": upload}, format="multipart")

    # The request only checked and stored the file: the dry run waits for a worker.
    assert response.status_code == 201
    assert response.json()["status"] == "plan_queued"
    assert response.json()["progress"] == {"done": 0, "total": 100_000}
    assert not ImportRow.objects.exists()


def test_garbage_planned_reports_each_row_it_cannot_import(manager: Any) -> None:
    client = api_client_for(manager)
    upload = SimpleUploadedFile("smieci.csv", garbage_rows(300))
    batch_id = client.post(API, {"source": "OWES", "file": upload}, format="multipart").json()["id"]

    batch = work_off(batch_id)

    assert batch.status == ImportBatch.Status.PLANNED
    assert batch.counts["error"] == 300 and batch.counts["create"] == 0
    report = client.get(f"{API}{batch_id}/report/?format=csv").content.decode("utf-8-sig")
    assert len(report.splitlines()) == 301


def test_a_file_refused_only_by_the_dry_run_fails_with_the_reason_and_is_not_kept(
    manager: Any,
) -> None:
    wide = b"".join(
        b'<c r="%s2" t="inlineStr"><is><t>x</t></is></c>' % column.encode()
        for column in (f"{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    )
    # Below the first 30 rows, which the upload reads to find the header.
    named = (
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Fundacja %d</t></is></c></row>' % (n, n, n)
        for n in range(2, 40)
    )
    rows = iter([*named, b'<row r="40">' + wide.replace(b'2"', b'40"') + b"</row>"])
    client = api_client_for(manager)
    upload = SimpleUploadedFile("szeroki.xlsx", workbook(header_and(rows), iter(HEADER_STRINGS)))
    response = client.post(API, {"source": "OWES", "file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    batch_id = response.json()["id"]
    stored = ImportBatch.objects.get(pk=batch_id).stored_file
    assert (Path(settings.MEDIA_ROOT) / stored).exists()

    batch = work_off(batch_id)

    assert batch.status == ImportBatch.Status.FAILED
    assert "Za dużo kolumn" in batch.error
    assert batch.stored_file == "" and not (Path(settings.MEDIA_ROOT) / stored).exists()
    assert not ImportRow.objects.filter(batch=batch).exists()
    assert client.get(f"{API}{batch_id}/").json()["error"] == batch.error


def test_the_api_takes_uploads_up_to_the_documented_20_mb(manager: Any) -> None:
    client = api_client_for(manager)
    # 12 MB: over the API's 10 MB for other bodies, under the upload's 20 MB.
    binary = SimpleUploadedFile("lista.csv", b"\x00\x01" * (6 << 20))
    big = SimpleUploadedFile("lista.csv", SAMPLE_CSV.read_bytes() + b" " * (21 << 20))

    accepted = client.post(API, {"source": "OWES", "file": binary}, format="multipart")
    too_big = client.post(API, {"source": "OWES", "file": big}, format="multipart")

    assert accepted.status_code == 400  # read and refused for what it is, not for its size
    assert "binarny" in accepted.json()["errors"]["file"][0]
    assert too_big.status_code == 413
