"""Property tests: rows of one entity written differently become one organisation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Organisation
from crm.top.imports.models import ImportBatch
from tests.contacts.factories import valid_nip
from tests.imports.conftest import run

pytestmark = pytest.mark.django_db

HEADER = "Nazwa podmiotu;Forma prawna;NIP;Gmina;Powiat;E-mail\n"


def nip_spellings(nip: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            nip,
            f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
            f"{nip[:3]}-{nip[3:5]}-{nip[5:7]}-{nip[7:]}",
            f"PL{nip}",
            f"PL {nip[:3]} {nip[3:6]} {nip[6:8]} {nip[8:]}",
            f" {nip} ",
            f"{nip}.0",
        ]
    )


@st.composite
def same_entity_rows(draw: Any) -> tuple[str, list[str]]:
    nip = valid_nip(draw(st.integers(0, 10_000)))
    local = draw(st.text("abcdefghij", min_size=1, max_size=8))
    n = draw(st.integers(2, 6))
    rows = []
    for _ in range(n):
        spelled = draw(nip_spellings(nip))
        email = "".join(
            c.upper() if draw(st.booleans()) else c for c in f"{local}@fundacja.example.pl"
        )
        rows.append(f"Fundacja Test;Fundacja;{spelled};Czyże;hajnowski;{email}\n")
    return nip, rows


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=same_entity_rows())
def test_duplicates_differing_only_in_email_case_or_nip_spelling_become_one(
    case: Any, manager: Any
) -> None:
    Organisation.objects.all().delete()
    nip, rows = case
    data = (HEADER + "".join(rows)).encode("utf-8")

    batch = run(manager, data=data, name="duplikaty.csv")

    assert batch.status == ImportBatch.Status.APPLIED
    organisation = Organisation.objects.get()
    assert organisation.nip == nip
    assert organisation.email == organisation.email.lower()
    assert "E-mail:" not in organisation.notes
    assert batch.counts["create"] == 1
    assert batch.counts["merged"] == len(rows) - 1
