"""Files that are not partner lists are refused at once, with a message, and nothing is written."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from contacts.models import Organisation
from crm.audit.models import ActionLog
from crm.top.imports.models import ImportBatch, ImportRow
from crm.top.imports.pipeline.checks import FileRejected
from tests.imports.conftest import SAMPLE_XLSX, run

pytestmark = pytest.mark.django_db


def decompression_bomb() -> bytes:
    """A real workbook plus one sheet of zeros that would unpack to 300 MB."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(SAMPLE_XLSX.read_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("xl/worksheets/sheet9.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * (1 << 20)
            for _ in range(300):
                sheet.write(chunk)
    return buffer.getvalue()


def binary_renamed_csv() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8


def undetectable_encoding() -> bytes:
    # Russian in Windows-1251: neither UTF-8 nor plausible Polish in cp1250 / ISO-8859-2.
    text = "Название;ИНН;Город\nОбщество развития;1234567890;Белосток\n" * 20
    return text.encode("cp1251")


def five_thousand_columns() -> bytes:
    header = ";".join(["Nazwa podmiotu", "NIP"] + [f"Kolumna {i}" for i in range(4998)])
    row = ";".join(["Fundacja Test", "9720078986"] + ["x"] * 4998)
    return f"{header}\n{row}\n".encode()


@pytest.mark.parametrize(
    ("make", "name", "words"),
    [
        (decompression_bomb, "lista.xlsx", "bomb"),
        (binary_renamed_csv, "lista.csv", "neither a CSV"),
        (undetectable_encoding, "lista.csv", "encoding"),
        (five_thousand_columns, "lista.csv", "too many columns"),
        (lambda: "Nazwa podmiotu;NIP\nFundacja;9720078986\n".encode("utf-16"), "l.csv", "UTF-16"),
    ],
    ids=["bomb", "binary", "encoding", "columns", "utf16"],
)
def test_bad_file_is_rejected_quickly_and_nothing_is_written(
    make: Any, name: str, words: str, manager: Any
) -> None:
    data = make()
    media = Path(settings.MEDIA_ROOT)

    started = time.monotonic()
    with pytest.raises(FileRejected) as rejected:
        run(manager, data=data, name=name)
    elapsed = time.monotonic() - started

    assert words in str(rejected.value)
    assert elapsed < 1.0
    assert not ImportBatch.objects.exists()
    assert not ImportRow.objects.exists()
    assert not Organisation.objects.exists()
    assert not ActionLog.objects.filter(verb__startswith="imports.").exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_rejected_file_makes_the_command_fail(manager: Any, tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "lista.csv"
    path.write_bytes(binary_renamed_csv())

    with pytest.raises(CommandError, match="neither a CSV"):
        call_command("import_organisations", str(path), "--source", "OWES", "--user", "manager")
