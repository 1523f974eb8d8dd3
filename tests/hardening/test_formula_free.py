"""Every workbook and CSV the application writes is formula-free: a text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written as text, through every export path.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.test import Client

from crm.exports.formats import DANGEROUS_FIRST
from crm.exports.registry import EXPORTS
from crm.exports.services import export_named
from crm.top.imports.models import ImportBatch
from crm.top.monitoring.models import IndicatorDefinition, MonitoringReport
from crm.top.monitoring.report.services import monitoring_report_generate
from interactions.models import Participation
from tests.contacts.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.imports.conftest import run
from tests.interactions.factories import EventFactory, FollowUpFactory, InteractionFactory
from tests.networks.factories import MembershipFactory, PartnershipPartyFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [f'{first}HYPERLINK("http://x","{i}")' for i, first in enumerate(DANGEROUS_FIRST)]
PAYLOADS += ["=1+1", "==1+1", " =cmd|' /C calc'!A0"]


def live_formulas(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def workbook_texts(content: bytes) -> set[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        str(cell.value).replace("\n", "\r")  # XML keeps no bare CR
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def assert_safe(content: bytes, fmt: str, expected: str) -> None:
    if fmt == "xlsx":
        assert live_formulas(content) == []
        texts = workbook_texts(content)
    else:
        texts = set(csv_cells(content))
        assert not [c for c in texts if c.lstrip(" ").startswith(DANGEROUS_FIRST)]
    assert "'" + expected in texts, "the payload is in the file, as text"


@pytest.fixture
def dangerous_records(manager: Any) -> None:
    """A row with the dangerous text in every exported list (the manager's tasks among them)."""
    for index, text in enumerate(PAYLOADS):
        organisation = OrganisationFactory(name=text, town=text, street=text)
        person = PersonFactory(last_name=text, first_name=text)
        AffiliationFactory(person=person, organisation=organisation, role=text)
        contact = InteractionFactory(subject=text)
        contact.organisations.add(organisation)
        contact.people.add(person)
        FollowUpFactory(title=text, assignee=manager, organisation=organisation)
        event = EventFactory(title=text, address=text)
        Participation.objects.create(event=event, person=person, organisation=organisation)
        MembershipFactory(organisation=organisation, network__name=f"{text} {index}")
        PartnershipPartyFactory(organisation=organisation, partnership__title=text)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_list_export_writes_dangerous_text_as_text(
    dangerous_records: None, manager: Any, name: str, fmt: str
) -> None:
    exported = export_named(actor=manager, name=name, filters={}, fmt=fmt)
    assert exported.rows >= len(PAYLOADS)
    assert_safe(exported.content, fmt, PAYLOADS[0])


@pytest.fixture
def formula_indicator() -> IndicatorDefinition:
    definition = IndicatorDefinition.objects.order_by("position").first()
    assert definition is not None
    definition.name_pl = definition.name_en = PAYLOADS[0]
    definition.unit = "=1+1"
    definition.description = "@SUM(A1)"
    definition.save()
    return definition


def test_monitoring_workbook_has_no_live_formula(formula_indicator: Any, viewer: Any) -> None:
    client = Client()
    client.force_login(viewer)
    response = client.get("/raporty/xlsx/?year=2025")
    assert response.status_code == 200
    assert_safe(response.content, "xlsx", PAYLOADS[0])
    assert "'=1+1" in workbook_texts(response.content)


def test_monitoring_workbook_built_by_the_task_has_no_live_formula(
    formula_indicator: Any, manager: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    report = MonitoringReport.objects.create(year=2025, requested_by=manager)
    monitoring_report_generate(report_id=report.pk)
    report.refresh_from_db()
    with default_storage.open(report.file.name, "rb") as handle:
        assert_safe(handle.read(), "xlsx", PAYLOADS[0])


def _batch_with_dangerous_errors(manager: Any) -> ImportBatch:
    lines = ["Nazwa podmiotu;NIP;Gmina"]
    lines += [f"{text};{text};{text}" for text in PAYLOADS if "\r" not in text]
    lines.append('"\r=1";"\r=1";"\r=1"')
    batch = run(manager, data="\r\n".join(lines).encode("utf-8"), name="zle.csv")
    assert batch.counts["error"] >= len(PAYLOADS) - 1, batch.counts
    return batch


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_error_reports_write_dangerous_text_as_text(
    manager: Any, api: Any, fmt: str
) -> None:
    batch = _batch_with_dangerous_errors(manager)
    client = Client()
    client.force_login(manager)
    page = client.get(f"/import/{batch.pk}/raport/?format={fmt}")
    over_api = api(manager).get(f"/api/v1/imports/{batch.pk}/report/?format={fmt}")
    for response in (page, over_api):
        assert response.status_code == 200
        assert_safe(response.content, fmt, PAYLOADS[0])
