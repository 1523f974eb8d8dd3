"""The sample partner files import exactly as owes_bielski_2026q3.expected.json says."""

from __future__ import annotations

from typing import Any

import pytest

from contacts.models import Affiliation, Organisation, Person
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportRow
from tests.imports.conftest import EXPECTED, SAMPLE_CSV, SAMPLE_XLSX, csv_text, run

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[Any, ...]]:
    return sorted(
        Organisation.objects.values_list(
            "name", "kind", "legal_form", "nip", "regon", "krs", "street", "postal_code",
            "town", "gmina__code", "email", "phones", "notes",
        ),
        key=repr,
    )  # fmt: skip


def outcomes(batch: ImportBatch) -> dict[int, tuple[str, int | None]]:
    return {
        r.row_number: (r.outcome, r.merged_into_row) for r in ImportRow.objects.filter(batch=batch)
    }


@pytest.mark.parametrize("path", [SAMPLE_CSV, SAMPLE_XLSX], ids=["csv", "xlsx"])
def test_sample_file_imports_as_expected(path: Any, manager: Any) -> None:
    batch = run(manager, path)

    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.header_row == EXPECTED["header_row"]
    assert Organisation.objects.count() == EXPECTED["organisations_created"]
    assert batch.counts["create"] == EXPECTED["organisations_created"]
    rows = outcomes(batch)
    for error in EXPECTED["rows_with_errors"]:
        assert rows[error["row"]][0] == "error"
        messages = ImportRow.objects.get(batch=batch, row_number=error["row"]).messages
        assert any("NIP" in m and "4115094091" in m for m in messages)
    for merged in EXPECTED["rows_merged_into_earlier"]:
        assert rows[merged["row"]] == ("merged", merged["same_as_row"])
    assert rows[12][0] == "ignored" and rows[13][0] == "ignored"
    assert sorted(n for n, (o, _m) in rows.items() if o == "ignored") == [12, 13]
    for nip, checks in EXPECTED["checks"].items():
        organisation = Organisation.objects.select_related("gmina").get(nip=nip)
        assert (organisation.gmina.code if organisation.gmina else None) == checks["gmina"]
        for key in ("krs", "regon", "phones"):
            if key in checks:
                assert getattr(organisation, key) == checks[key]
        if "emails" in checks:
            first, *others = checks["emails"]
            assert organisation.email == first
            assert all(other in organisation.notes for other in others)
    kgw = EXPECTED["kgw_without_identifiers"]
    assert Organisation.objects.get(name=kgw["name"]).gmina.code == kgw["gmina"]


def test_ambiguous_gmina_stays_empty_with_a_warning(manager: Any) -> None:
    batch = run(manager)

    row = ImportRow.objects.get(batch=batch, values__nip="6424682733")
    assert row.values["gmina"] is None
    assert any("Siemiatycze" in w for w in row.warnings)
    assert row.values["support_date"] == "2026-03-12"


def test_csv_and_xlsx_give_the_same_database(manager: Any) -> None:
    run(manager, SAMPLE_CSV)
    from_csv = snapshot()
    Affiliation.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()

    run(manager, SAMPLE_XLSX)

    assert snapshot() == from_csv


def test_reimport_of_same_file_changes_nothing(manager: Any) -> None:
    run(manager)
    before = snapshot()
    history = Organisation.history.count()

    again = run(manager)

    assert again.counts["create"] == 0 and again.counts["update"] == 0
    assert again.counts["unchanged"] == EXPECTED["organisations_created"]
    assert snapshot() == before
    assert Organisation.history.count() == history
    assert Person.objects.count() == 3
    assert not ImportedRecord.objects.filter(batch=again).exists()


def test_xlsx_after_csv_changes_nothing(manager: Any) -> None:
    run(manager, SAMPLE_CSV)

    again = run(manager, SAMPLE_XLSX)

    assert (again.counts["create"], again.counts["update"]) == (0, 0)


def test_file_with_one_row_changed_updates_exactly_that(manager: Any) -> None:
    run(manager)
    changed = csv_text().replace("ul. Kościelna 2;17-312", "ul. Kościelna 4;17-312")

    batch = run(manager, data=changed.encode("cp1250"), name="poprawiony.csv")

    assert batch.counts["update"] == 1 and batch.counts["create"] == 0
    row = ImportRow.objects.get(batch=batch, outcome="update")
    assert row.row_number == 11
    assert row.changes == {"street": ["ul. Kościelna 2", "ul. Kościelna 4"]}
    organisation = Organisation.objects.get(nip="7291109046")
    assert organisation.street == "ul. Kościelna 4"
    latest = organisation.history.first()
    assert latest.history_change_reason == f"import #{batch.pk}"
    assert latest.history_user == manager
    assert Organisation.history.filter(history_change_reason=f"import #{batch.pk}").count() == 1


def test_contact_persons_become_people_to_inform(manager: Any) -> None:
    batch = run(manager)

    anna = Person.objects.get(last_name="Łukaszuk")
    assert anna.first_name == "Anna"
    assert anna.legal_basis == Person.LegalBasis.PUBLIC_TASK
    assert anna.informed_at is None
    assert anna.source == f"import #{batch.pk} (OWES Bielski)"
    affiliation = anna.affiliations.get()
    assert affiliation.organisation.nip == "9720078986" and affiliation.role == "prezes"
