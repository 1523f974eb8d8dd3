"""What the first import's shortcuts must not change: the same answers, fewer steps.

The support pass reads each chunk of applied rows with the organisation each stands for (a
merged row: its leader's) in one query; the gmina resolver answers a text it met before from
memory, worded in the language of the import; the NIP / REGON checks give stdnum's verdicts.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from contacts.models import Organisation
from crm.top.imports.models import ImportRow
from crm.top.imports.pipeline.gminas import GminaResolver
from crm.top.imports.pipeline.normalise import _nip, _regon
from crm.top.imports.pipeline.records import Recorder
from interactions.models import Interaction, InteractionKind
from tests.imports.conftest import run

HEADER = "Lp.;Nazwa podmiotu;Forma prawna;NIP;Gmina;Rodzaj wsparcia;Data wsparcia"


def _file(*rows: str) -> bytes:
    return "\r\n".join([HEADER, *rows, ""]).encode("cp1250")


@pytest.mark.django_db
def test_the_support_pass_reads_a_chunk_with_its_organisations_in_one_query(
    manager: Any,
) -> None:
    # Rows 2 and 3 are one association (the same NIP): row 3 merges into row 2, and its
    # support entry belongs to the organisation row 2 created.
    data = _file(
        "1;Stowarzyszenie Jedno;stow.;526-104-08-28;Bielsk Podlaski;doradztwo;12.03.2026",
        "2;Stowarzyszenie Jedno;stow.;5261040828;Bielsk Podlaski;szkolenie;13.03.2026",
        "3;Fundacja Druga;Fundacja;7010007303;Bielsk Podlaski;doradztwo;14.03.2026",
    )
    batch = run(manager, data=data, name="wsparcie.csv")
    assert batch.counts["create"] == 2 and batch.counts["merged"] == 1, batch.counts
    first = Organisation.objects.get(name="Stowarzyszenie Jedno")
    merged = ImportRow.objects.get(batch=batch, outcome=ImportRow.Outcome.MERGED)

    with CaptureQueriesContext(connection) as queries:
        rows = Recorder(batch)._rows(0, 5000)
    assert len([q for q in queries if "imports_importrow" in q["sql"]]) == 1
    by_number = {row.row_number: row for row in rows}
    assert [row.row_number for row in rows] == sorted(by_number)
    leader = by_number[merged.merged_into_row]
    assert leader.organisation is not None and leader.organisation.pk == first.pk
    assert by_number[merged.row_number].organisation.pk == first.pk  # type: ignore[union-attr]
    assert by_number[merged.row_number].values["support_kind"] == "szkolenie"

    support = Interaction.objects.filter(kind=InteractionKind.SUPPORT)
    assert sorted(support.filter(organisations=first).values_list("subject", flat=True)) == [
        "doradztwo",
        "szkolenie",
    ]


@pytest.mark.django_db
def test_a_gmina_met_again_gets_the_same_answer_in_the_language_of_the_import() -> None:
    resolver = GminaResolver()
    with translation.override("pl"):
        first = resolver.resolve_choices("Siemiatycze")
        again = resolver.resolve_choices("Siemiatycze")
        assert first == again and first[0] is None and len(first[2]) == 2
        assert "zarówno gmina miejska, jak i wiejska" in first[1]
        # The caller may keep the choices it got: the next row's are its own.
        first[2].clear()
        assert len(resolver.resolve_choices("Siemiatycze")[2]) == 2
    with translation.override("en"):
        english = resolver.resolve_choices("Siemiatycze")
    assert "is both an urban and a rural gmina" in english[1]
    assert english[2] == again[2]
    assert resolver.resolve_choices("gm. Siemiatycze", powiat="siemiatycki")[1] == ""


def test_nip_and_regon_checks_give_stdnums_verdicts() -> None:
    rng = random.Random(15)
    for _ in range(20_000):
        digits = "".join(rng.choice("0123456789") for _ in range(10))
        for check, number, stdnum in (
            (_nip, digits, stdnum_nip),
            (_regon, digits[:9], stdnum_regon),
        ):
            try:
                ours: str | None = check(number)
            except Exception:
                ours = None
            assert (ours is not None) == stdnum.is_valid(number), number
