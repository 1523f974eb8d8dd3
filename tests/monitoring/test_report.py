"""The yearly report: the same numbers as the indicator functions, in a workbook and a file."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from contacts.models import EmploymentSnapshot, OrganisationKind, SocialEnterpriseStatus
from crm.models import Gmina, Subregion
from crm.top.monitoring import services
from crm.top.monitoring.indicators import Period, compute
from crm.top.monitoring.models import IndicatorDefinition, MonitoringReport
from crm.top.monitoring.report import build_report, report_workbook
from crm.top.monitoring.report.services import (
    monitoring_report_generate,
    monitoring_report_request,
)
from networks.models import Membership, Network
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def some_data(manager: object) -> None:
    for i in range(3):
        org = OrganisationFactory(founded_on=D(2025, i + 1, 1))
        SocialEnterpriseStatus.objects.create(
            organisation=org, kind="statutory", granted_on=D(2024, 5, 1)
        )
        EmploymentSnapshot.objects.create(organisation=org, as_of=D(2025, 12, 1), employees=i + 2)
    north = OrganisationFactory(gmina=Gmina.objects.get(code="2063011"), kind=OrganisationKind.KGW)
    network = Network.objects.create(name="Sieć", kind="regional")
    Membership.objects.create(organisation=north, network=network, joined_on=D(2025, 2, 2))
    definition = IndicatorDefinition.objects.get(code="jobs_year_end")
    services.indicator_target_set(
        actor=manager, definition=definition, year=2025, value=Decimal(18)
    )


def test_report_numbers_equal_the_indicator_functions(some_data: None, manager: object) -> None:
    report = build_report(user=manager, year=2025)
    assert len(report.rows) == IndicatorDefinition.objects.count()
    for row in report.rows:
        expected = compute(row.definition.query, Period(2025))
        assert row.value.value == expected.value, row.definition.code
        assert [c.value for c in row.value.by_subregion] == [c.value for c in expected.by_subregion]
        assert row.previous == compute(row.definition.query, Period(2024)).value
    jobs = next(r for r in report.rows if r.definition.code == "jobs_year_end")
    assert jobs.value.value == 2 + 3 + 4
    assert jobs.achieved_pct == Decimal("50.0")


def test_workbook_holds_the_indicator_table_and_a_sheet_per_chapter(
    some_data: None, manager: object
) -> None:
    suwalski = Subregion.objects.get(slug="suwalski")
    report = build_report(user=manager, year=2025)
    workbook = load_workbook(io.BytesIO(report_workbook(report)))
    assert len(workbook.sheetnames) == 1 + len(report.chapters)
    summary = workbook.worksheets[0]
    by_code = {row[1]: row for row in summary.iter_rows(min_row=5, values_only=True)}
    assert by_code["jobs_year_end"][6:8] == (18, 9)  # target, achieved
    assert by_code["pes_active"][7] == compute("pes_active", Period(2025)).value
    regional = build_report(user=manager, year=2025, subregion=suwalski)
    members = next(r for r in regional.rows if r.definition.code == "network_members")
    assert members.value.value == 1
    assert next(r for r in regional.rows if r.definition.code == "jobs_year_end").value.value == 0


def test_requested_report_is_generated_into_storage_once(
    some_data: None,
    manager: object,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        report = monitoring_report_request(actor=manager, year=2025)
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.READY
    with report.file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert "2025" in str(workbook.worksheets[0]["A1"].value)
    name = report.file.name
    assert monitoring_report_generate(report_id=report.pk).file.name == name
