"""The command's JSON, the report of rows not imported, the remembered mapping, the notices."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

from contacts.models import Person
from crm.models import Role, User
from crm.top.imports.models import HeaderMapping, ImportRow
from crm.top.imports.pipeline.reading import decode_text, sniff_delimiter
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.services import header_mapping_set
from crm.top.notices.selectors import people_to_notify
from tests.imports.conftest import SAMPLE_CSV, SAMPLE_XLSX, csv_text, run

pytestmark = pytest.mark.django_db


def test_command_prints_one_json_object(manager: Any, capsys: Any) -> None:
    call_command(
        "import_organisations", str(SAMPLE_CSV), "--source", "OWES Bielski", "--json",
        "--user", "manager",
    )  # fmt: skip

    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "batch": summary["batch"],
        "rows": 10,
        "created": 6,
        "updated": 0,
        "unchanged": 0,
        "merged": 1,
        "ignored": 2,
        "errors": 1,
        # Rows with warnings: the ambiguous gmina (row 8); "Status PS: tak" without the date it
        # was granted (rows 4 and 7: not guessed); "w trakcie", neither tak nor nie (row 10).
        "warnings": 4,
    }


def test_command_dry_run_with_report_for_a_chosen_sheet(
    manager: Any, tmp_path: Path, capsys: Any
) -> None:
    report = tmp_path / "bledy.csv"
    sheet = openpyxl.load_workbook(SAMPLE_XLSX, read_only=True).sheetnames[0]

    call_command(
        "import_organisations", str(SAMPLE_XLSX), "--source", "OWES Bielski", "--dry-run",
        "--sheet", sheet, "--report", str(report), "--json", "--user", "manager",
    )  # fmt: skip

    assert json.loads(capsys.readouterr().out)["created"] == 6
    lines = report.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Wiersz;Lp.;Nazwa podmiotu;") and lines[0].endswith(";Powód")
    assert len(lines) == 2
    assert lines[1].startswith("10;7;Spółdzielnia Socjalna Kleszczele;")
    assert lines[1].endswith("4115094091") and "NIP" in lines[1].rsplit(";", 1)[1]


def test_report_as_xlsx_keeps_the_original_columns(manager: Any) -> None:
    batch = run(manager)

    sheet = openpyxl.load_workbook(io.BytesIO(rows_not_imported(batch, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Wiersz" and rows[0][-1] == "Powód"
    # Imported as far as was certain, waiting for a decision: row 8 without a gmina
    # ("Siemiatycze" is two), row 9 a CIS whose operator the file does not name.
    assert [r[0] for r in rows[1:]] == [8, 9, 10]
    assert rows[1][-1].count("Siemiatycze (") == 2
    assert rows[3][4] == "4115094091"


def test_fixed_report_imports_again(manager: Any) -> None:
    batch = run(manager)
    report = rows_not_imported(batch, "csv").decode("utf-8-sig").replace("4115094091", "4115094090")

    again = run(manager, data=report.encode("utf-8"), name="poprawione.csv")

    assert again.counts["create"] == 1 and again.counts["error"] == 0


def test_mapping_is_remembered_and_can_be_corrected(manager: Any) -> None:
    odd = "Podmiot wspierany;Numer identyfikacji podatkowej;Gmina\nFundacja Nowa;9720078986;Czyże\n"
    header_mapping_set(
        actor=manager,
        source="OWES Łomża",
        mapping={"Podmiot wspierany": "name", "Numer identyfikacji podatkowej": "nip"},
    )

    batch = run(manager, data=odd.encode(), source="OWES Łomża", name="lomza.csv")

    assert batch.counts["create"] == 1
    row = ImportRow.objects.get(batch=batch)
    assert row.values["nip"] == "9720078986" and row.values["gmina"] == "2005042"
    assert HeaderMapping.objects.get(source="OWES Łomża").mapping["gmina"] == "gmina"


def test_utf8_with_bom_and_comma_delimiter_read_the_same(manager: Any) -> None:
    text = csv_text().replace(";", "\t")
    batch = run(manager, data=("\ufeff" + text).encode("utf-8"), name="utf8.csv")

    assert batch.encoding == "utf-8-sig" and batch.delimiter == "\t"
    assert batch.counts["create"] == 6


def test_iso_8859_2_is_told_apart_from_windows_1250() -> None:
    text = "Nazwa;Gmina\nŚwiętokrzyskie źródło ąę;Łomża\n"

    assert decode_text(text.encode("iso-8859-2")) == (text, "iso-8859-2")
    assert decode_text(text.encode("cp1250")) == (text, "cp1250")
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","


def test_people_to_notify_lists_imported_people_not_yet_informed(manager: Any, viewer: Any) -> None:
    from django.utils import timezone

    run(manager)
    Person.objects.create(last_name="Spoza importu")
    Person.objects.filter(last_name="Kiryluk").update(informed_at=timezone.now())

    names = set(people_to_notify(manager).values_list("last_name", flat=True))

    assert names == {"Łukaszuk", "Wasiluk"}
    assert not people_to_notify(viewer).exists()


def test_progress_endpoint_reports_the_batch(manager: Any, viewer: Any, client: Any) -> None:
    batch = run(manager)

    client.force_login(manager)
    body = client.get(f"/import/{batch.pk}/progress/").json()
    assert body["status"] == "applied" and body["done"] == body["total"] == 6

    client.force_login(viewer)
    assert client.get(f"/import/{batch.pk}/progress/").status_code == 404


def test_organisation_records_the_batches_it_came_from(manager: Any) -> None:
    from contacts.models import Organisation
    from crm.top.imports.selectors import organisation_provenance

    first = run(manager)
    Organisation.objects.filter(nip="7291109046").update(street="stara ulica")
    second = run(manager)
    organisation = Organisation.objects.get(nip="7291109046")

    records = list(organisation_provenance(manager, organisation.pk))

    assert [(r.batch_id, r.action) for r in records] == [
        (second.pk, "updated"),
        (first.pk, "created"),
    ]
    assert records[0].previous_values["street"] == "stara ulica"


def test_a_partners_correction_does_not_change_how_another_partners_files_map(
    manager: Any, owes_partner: Any, subregion_a: Any
) -> None:
    """Two OWES partners name their source alike: each keeps their own mapping, both start
    from the team's, and a manager correcting a partner's batch corrects that partner's."""
    other = User.objects.create_user(username="owes2", password="x-1", role=Role.OWES_PARTNER)
    other.subregions.add(subregion_a)
    odd = "Podmiot wspierany;Numer identyfikacji podatkowej;Gmina\nFundacja Nowa;9720078986;Czyże\n"
    source = "OWES Łomża"
    header_mapping_set(
        actor=manager,
        source=source,
        mapping={"Podmiot wspierany": "name", "Numer identyfikacji podatkowej": "nip"},
    )
    header_mapping_set(actor=other, source=source, mapping={"Numer identyfikacji podatkowej": ""})

    mine = run(owes_partner, data=odd.encode(), source=source, name="lomza.csv", dry_run=True)
    theirs = run(other, data=odd.encode(), source=source, name="lomza.csv", dry_run=True)

    assert ImportRow.objects.get(batch=mine).values["nip"] == "9720078986"
    assert ImportRow.objects.get(batch=theirs).values["nip"] is None
    assert HeaderMapping.objects.filter(source=source).count() == 3
