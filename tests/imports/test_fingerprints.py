"""Re-imports decided by row fingerprints give exactly what the full matching gives.

On PostgreSQL the rows an earlier import wrote as they are skip normalising and matching
(``UnchangedRows``); elsewhere every row takes the full way, so there both sides below are the
full way and the tests check the plan itself.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection

from benchmarks.import_100k import COLUMNS, generate, to_csv
from contacts.models import Organisation
from crm.top.imports.models import ImportBatch, ImportRow, UnchangedRows
from crm.top.imports.pipeline import fingerprints
from crm.top.imports.pipeline.reading import read_csv
from crm.top.imports.pipeline.rowdigests import Digester
from tests.imports.conftest import run

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


def table(rows: int = 30) -> list[list[str]]:
    return list(generate(rows, seed=7))


def outcomes(batch: ImportBatch) -> dict[int, tuple[Any, ...]]:
    """Row → (outcome, organisation, merged into, changes), however the row was staged."""
    found = {
        r.row_number: (r.outcome, r.organisation_id, r.merged_into_row, r.changes)
        for r in ImportRow.objects.filter(batch=batch)
    }
    fast = UnchangedRows.objects.filter(batch=batch).first()
    for number, organisation in fast.pairs() if fast else []:
        assert number not in found, f"row {number} staged twice"
        found[number] = ("unchanged", organisation, None, {})
    return found


def both_ways(actor: Any, data: bytes, monkeypatch: Any) -> tuple[ImportBatch, ImportBatch]:
    """The dry run with fingerprints, and the same without them."""
    fast = run(actor, data=data, name="b.csv", dry_run=True)
    with monkeypatch.context() as patch:
        patch.setattr(fingerprints, "enabled", lambda: False)
        full = run(actor, data=data, name="b.csv", dry_run=True)
    return fast, full


def test_an_unchanged_reimport_takes_the_fast_way(manager: Any) -> None:
    data = to_csv(table())
    run(manager, data=data, name="a.csv")

    again = run(manager, data=data, name="a.csv")

    assert again.counts["unchanged"] == 30 and again.counts["rows"] == 30
    assert (again.counts["create"], again.counts["update"], again.counts["error"]) == (0, 0, 0)
    fast = UnchangedRows.objects.filter(batch=again).first()
    # Nothing is staged row by row when every row is as an earlier import left it.
    assert (fast.count if fast else 0) == (30 if POSTGRESQL else 0)
    assert ImportRow.objects.filter(batch=again).count() == (0 if POSTGRESQL else 30)
    assert Organisation.objects.count() == 30


def test_one_changed_row_goes_the_full_way_alone(manager: Any, monkeypatch: Any) -> None:
    rows = table()
    run(manager, data=to_csv(rows), name="a.csv")
    rows[4][6] = "ul. Brzozowa 9"  # the street of the fifth entity (row 8 of the sheet)
    rows[9][0] = "999"  # only the Lp. column: still the same row

    fast, full = both_ways(manager, to_csv(rows), monkeypatch)

    assert outcomes(fast) == outcomes(full)
    changed = ImportRow.objects.get(batch=fast, row_number=8)
    assert changed.outcome == "update" and list(changed.changes) == ["street"]
    if POSTGRESQL:
        assert UnchangedRows.objects.get(batch=fast).count == 29


def test_a_new_row_of_an_unchanged_entity_makes_the_plan_start_again(
    manager: Any, monkeypatch: Any
) -> None:
    rows = table()
    run(manager, data=to_csv(rows), name="a.csv")
    # The same entity again (same NIP) with another phone: it merges into the unchanged row,
    # which must then add the phone. And an exact copy of a row: the two merge too.
    extra = list(rows[6])
    extra[0], extra[11] = "31", "600 700 800"
    copy = list(rows[11])

    fast, full = both_ways(manager, to_csv([*rows, extra, copy]), monkeypatch)

    assert outcomes(fast) == outcomes(full)
    leader = ImportRow.objects.get(batch=fast, row_number=10)  # rows[6] is sheet row 10
    assert leader.outcome == "update" and "+48600700800" in leader.changes["phones"][1]
    assert ImportRow.objects.get(batch=fast, row_number=34).merged_into_row == 10
    assert ImportRow.objects.get(batch=fast, row_number=35).merged_into_row == 15
    # The fast way met the new row and gave way: nothing it staged is left.
    assert not UnchangedRows.objects.filter(batch=fast).exists()


def test_an_edit_that_leaves_updated_at_alone_is_still_noticed(manager: Any) -> None:
    rows = table()
    run(manager, data=to_csv(rows), name="a.csv")
    nip = rows[2][3].replace("-", "")
    # A fix in psql or a bulk UPDATE does not move updated_at.
    Organisation.objects.filter(nip=nip).update(street="ul. Zmieniona 1")

    again = run(manager, data=to_csv(rows), name="a.csv", dry_run=True)

    row = ImportRow.objects.get(batch=again, row_number=6)
    assert row.outcome == "update"
    assert row.changes["street"] == ["ul. Zmieniona 1", rows[2][6]]
    assert again.counts["unchanged"] == 29


def test_row_digests_follow_the_readers_row_numbers() -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(
        [
            ["Wykaz"],
            [],
            COLUMNS,
            ["1", 'Fundacja "Nowa"', "Fundacja", "", "", "", "ul. Długa\r\n2 piętro"],
            ["2", "Stowarzyszenie A; B", "stow."],
            ["", "", ""],
            ["3", "KGW w Nowej Wsi", "KGW"],
        ]
    )
    text = buffer.getvalue() + '4;Mid"quote;SS\r\n'
    data = text.encode("utf-8-sig")
    columns = dict(enumerate(["lp", "name", "legal_form"]))
    digester = Digester(columns, header_row=3, salt=b"s" * 16)

    digests = digester.from_csv(data, "utf-8-sig", ";")

    read = [n for n, cells in read_csv(data).rows if n > 3 and any(c.strip() for c in cells[1:])]
    assert sorted(digests) == read == [4, 5, 7, 8]
    assert digester.last == 8
    renumbered = text.replace("\r\n3;KGW", "\r\n30;KGW").encode("utf-8-sig")
    assert digester.from_csv(renumbered, "utf-8-sig", ";") == digests
    edited = text.replace("KGW w Nowej Wsi", "KGW w Starej Wsi").encode("utf-8-sig")
    changed = digester.from_csv(edited, "utf-8-sig", ";")
    assert [n for n in digests if changed[n] != digests[n]] == [7]


@pytest.mark.parametrize("slab", [1, 3, 7, 1 << 20])
def test_lines_read_a_slab_at_a_time_are_the_files_lines(slab: int) -> None:
    from crm.top.imports.pipeline.rowdigests import _lines

    body = b'a;b\r\n"x\r\ny";z\r\n\r\nlast\nbare\rend'

    assert list(_lines(body, slab)) == body.splitlines(keepends=True)


def test_two_organisations_with_one_name_in_one_gmina_are_never_fast(
    manager: Any, monkeypatch: Any
) -> None:
    from crm.top.imports.models import ImportFingerprint

    rows = table()
    # Same name, same gmina, different NIPs: two entities the name alone cannot tell apart.
    rows[5][1], rows[5][9], rows[5][10] = rows[4][1], rows[4][9], rows[4][10]
    run(manager, data=to_csv(rows), name="a.csv")
    twins = Organisation.objects.filter(name=rows[4][1])
    assert twins.count() == 2
    assert not ImportFingerprint.objects.filter(organisation_id__in=twins).exists()

    fast, full = both_ways(manager, to_csv(rows), monkeypatch)

    assert outcomes(fast) == outcomes(full)
    assert {outcomes(fast)[n][0] for n in (8, 9)} == {"unchanged"}
    assert ImportRow.objects.filter(batch=fast, row_number__in=[8, 9]).count() == 2
