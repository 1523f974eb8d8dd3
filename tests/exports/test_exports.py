"""Exports: formula-free whatever the text, only what the user may see, always logged."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st

from contacts.models import Organisation, Person
from contacts.resources import OrganisationResource, PersonResource
from crm import access
from crm.audit.models import ActionLog
from crm.exports.formats import DANGEROUS_FIRST, escape_cell, to_csv, to_xlsx
from crm.exports.services import export_named, export_queryset
from tests.contacts.factories import AffiliationFactory, OrganisationFactory

ADVERSARIAL = [
    "=1+1",
    "==1+1",
    "+48 85 000",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    " =cmd|' /C calc'!A0",
]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def formula_cells(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=6))
def test_exported_csv_and_xlsx_contain_no_live_formula_whatever_the_text(texts: list[str]) -> None:
    rows = [texts, [t.upper() for t in texts]]

    parsed = read_csv(to_csv(["a"] * len(texts), rows))
    xlsx = to_xlsx(["a"] * len(texts), rows)

    for line in parsed:
        for cell in line:
            assert not cell.lstrip(" ").startswith(DANGEROUS_FIRST)
    assert formula_cells(xlsx) == []


@given(st.sampled_from(DANGEROUS_FIRST), st.text(max_size=10))
def test_every_dangerous_start_is_escaped(first: str, rest: str) -> None:
    assert escape_cell(first + rest).startswith("'")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_organisation_export_escapes_formulas_and_is_logged(fmt: str, manager: Any) -> None:
    for index, name in enumerate(ADVERSARIAL):
        OrganisationFactory(name=name, street=f'=HYPERLINK("http://x";"{index}")')
    queryset = access.scope(Organisation.objects.all(), manager)

    exported = export_queryset(
        actor=manager, resource=OrganisationResource(), queryset=queryset, fmt=fmt,
        filters={"kind": "social_cooperative"},
    )  # fmt: skip

    assert exported.rows == len(ADVERSARIAL)
    if fmt == "xlsx":
        assert formula_cells(exported.content) == []
        names = [
            r[1]
            for r in openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(
                min_row=2, values_only=True
            )
        ]
        names = [n.replace("\n", "\r") for n in names]  # XML keeps no bare CR
    else:
        names = [row[1] for row in read_csv(exported.content)[1:]]
    assert sorted(names) == sorted(
        "'" + n if n.lstrip(" ")[0] in "=+-@\t\r" else n for n in ADVERSARIAL
    )
    entry = ActionLog.objects.get(
        verb="contacts.organisation.exported".replace("contacts", "exports")
    )
    assert entry.actor == manager
    assert entry.details == {
        "format": fmt, "rows": len(ADVERSARIAL), "filters": ["kind"],
        "resource": "OrganisationResource",
    }  # fmt: skip


@pytest.mark.django_db
def test_viewer_may_not_export_and_nothing_is_logged(viewer: Any) -> None:
    AffiliationFactory.create_batch(2)

    with pytest.raises(PermissionDenied):
        export_named(actor=viewer, name="people", filters={}, fmt="csv")
    assert not ActionLog.objects.filter(verb__startswith="exports.").exists()


@pytest.mark.django_db
def test_export_holds_no_row_the_user_cannot_see_even_from_an_unscoped_queryset(
    viewer: Any, team_member: Any, monkeypatch: Any
) -> None:
    # Were viewers allowed to export lists, people would still be hidden from them.
    allowed = access.CAPABILITIES["exports.run"] | {"viewer"}
    monkeypatch.setitem(access.CAPABILITIES, "exports.run", allowed)
    AffiliationFactory.create_batch(3)

    as_viewer = export_queryset(
        actor=viewer, resource=PersonResource(), queryset=Person.objects.all(), fmt="csv"
    )
    organisations = export_queryset(
        actor=viewer,
        resource=OrganisationResource(),
        queryset=Organisation.objects.all(),
        fmt="csv",
    )
    as_team = export_queryset(
        actor=team_member, resource=PersonResource(),
        queryset=access.scope(Person.objects.all(), team_member), fmt="csv",
    )  # fmt: skip

    assert as_viewer.rows == 0 and len(read_csv(as_viewer.content)) == 1  # the header only
    assert "Łukaszuk" not in as_viewer.content.decode("utf-8-sig")
    assert organisations.rows == 3
    assert as_team.rows == 3 and "Łukaszuk" in as_team.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_named_export_applies_the_list_filters(manager: Any) -> None:
    OrganisationFactory.create_batch(2)
    OrganisationFactory(kind="foundation", name="Fundacja Inna")

    exported = export_named(
        actor=manager, name="organisations", filters={"kind": "foundation"}, fmt="csv"
    )

    assert exported.rows == 1
    assert "Fundacja Inna" in exported.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_anonymous_cannot_export() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        export_queryset(
            actor=AnonymousUser(), resource=OrganisationResource(),
            queryset=Organisation.objects.all(), fmt="csv",
        )  # fmt: skip
