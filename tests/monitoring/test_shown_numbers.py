"""The indicator page and the report page after a write (``crm.top.monitoring.report.shown``).

On PostgreSQL they show the whole set of numbers kept for their year, said to be older when the
data has changed since, while one task counts the new set; the indicator detail page, the API
and a generated report file count at the current version. A set never counted before, and
every set on SQLite (where nothing is kept), is counted while the page loads.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from crm.top.monitoring import tasks
from crm.top.monitoring.models import IndicatorDefinition, MonitoringReport
from crm.top.monitoring.report.services import monitoring_report_request
from tests.contacts.factories import OrganisationFactory

D = datetime.date
OLDER = "dane zmieniły się od tego czasu"
CURRENT = "do zmiany danych"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the numbers are kept by PostgreSQL's data version"
)


@pytest.fixture
def pes_only(db: None) -> None:
    """One indicator on the pages: PES active at the end of the year."""
    IndicatorDefinition.objects.all().delete()
    IndicatorDefinition.objects.create(
        code="pes", name_pl="PES", name_en="PES", unit="szt.", chapter="pes", query="pes_active"
    )


@pytest.fixture
def queued() -> Iterator[mock.MagicMock]:
    """The counting task as a worker would get it: queued, not yet run."""
    with mock.patch.object(tasks.monitoring_count_indicators_task, "delay") as delay:
        yield delay


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(client: Client, url: str = "/wskazniki/?year=2025") -> tuple[list[str], str]:
    """The numbers in bold (this year) and the previous year's, and the page."""
    body = client.get(url).content.decode()
    row = re.search(r'<th scope="row">.*?</tr>', body, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num[^"]*">(?:<strong>)?([^<]*)', row.group(0))
    return [cells[-3], cells[-1]], body


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_after_a_write_the_pages_show_the_older_set_said_so_and_queue_one_count(
    pes_only: None, manager: Any, queued: mock.MagicMock
) -> None:
    OrganisationFactory(founded_on=D(2020, 5, 1))
    client = _client(manager)
    numbers, body = shown(client)
    assert numbers == ["1", "1"] and CURRENT in body and OLDER not in body
    assert not queued.called  # the first view ever is counted while it loads

    # An enterprise founded in 2024: both years change.
    OrganisationFactory(founded_on=D(2024, 3, 1))
    # The API counts this year's number at once (current); the page still shows its older
    # set whole — never this year's new number beside last year's old one.
    listing = json.loads(client.get("/api/v1/indicators/?year=2025").content)
    assert [row["value"] for row in listing] == [2]
    for _view in range(2):
        numbers, body = shown(client)
        assert numbers == ["1", "1"] and OLDER in body and CURRENT not in body
    report = client.get("/raporty/?year=2025").content.decode()
    assert OLDER in report and "<strong>1</strong>" in report
    # The detail page is exact and live.
    detail = client.get("/wskazniki/pes/?year=2025").content.decode()
    assert ">2</a>" in detail
    # One count queued for both pages and every view: the year, the subregion, the language.
    queued.assert_called_once_with(2025, None, "pl")

    tasks.monitoring_count_indicators_task(*queued.call_args.args)
    with CaptureQueriesContext(connection) as captured:
        numbers, body = shown(client)
    assert numbers == ["2", "2"] and CURRENT in body and OLDER not in body
    assert not [q for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    assert OLDER not in client.get("/raporty/?year=2025").content.decode()
    assert queued.call_count == 1

    # A second write after the count: a new count can be queued again.
    OrganisationFactory(founded_on=D(2025, 3, 1))
    numbers, body = shown(client)
    assert numbers == ["2", "2"] and OLDER in body
    assert queued.call_count == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_page_after_a_write_shows_the_new_numbers(
    pes_only: None, manager: Any
) -> None:
    OrganisationFactory(founded_on=D(2020, 5, 1))
    client = _client(manager)
    assert shown(client)[0] == ["1", "1"]
    OrganisationFactory(founded_on=D(2025, 3, 1))
    # Tasks run in this process (no broker): the count has run before the page is drawn.
    numbers, body = shown(client)
    assert numbers == ["2", "1"] and CURRENT in body and OLDER not in body


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_report_file_generated_after_a_write_has_the_new_numbers(
    pes_only: None, manager: Any, queued: mock.MagicMock
) -> None:
    OrganisationFactory(founded_on=D(2020, 5, 1))
    client = _client(manager)
    assert shown(client)[0] == ["1", "1"]
    OrganisationFactory(founded_on=D(2025, 3, 1))
    numbers, body = shown(client)
    assert numbers == ["1", "1"] and OLDER in body  # the page's set is older

    report = monitoring_report_request(actor=manager, year=2025)  # generated on commit
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.READY
    with report.file.open("rb") as handle:
        summary = load_workbook(io.BytesIO(handle.read())).worksheets[0]
    by_code = {row[1]: row for row in summary.iter_rows(min_row=5, values_only=True)}
    assert by_code["pes"][7] == 2
    # The workbook downloaded from the page is counted now too.
    workbook = load_workbook(io.BytesIO(client.get("/raporty/xlsx/?year=2025").content))
    by_code = {row[1]: row for row in workbook.worksheets[0].iter_rows(min_row=5, values_only=True)}
    assert by_code["pes"][7] == 2


@pytest.mark.django_db
def test_with_nothing_kept_the_page_counts_while_it_loads(
    pes_only: None, manager: Any, queued: mock.MagicMock
) -> None:
    # SQLite keeps nothing; on PostgreSQL this test's transaction has written, so it reads and
    # keeps nothing either: every view is counted, never older, and nothing is queued.
    OrganisationFactory(founded_on=D(2020, 5, 1))
    client = _client(manager)
    numbers, body = shown(client)
    assert numbers == ["1", "1"] and CURRENT in body
    OrganisationFactory(founded_on=D(2025, 3, 1))
    numbers, body = shown(client)
    assert numbers == ["2", "1"] and OLDER not in body
    numbers, body = shown(client, "/raporty/?year=2025")
    assert OLDER not in body and "<strong>2</strong>" in body
    assert not queued.called


@pytest.mark.django_db
def test_the_counting_task_ignores_what_no_page_asks_for(pes_only: None) -> None:
    with mock.patch("crm.top.monitoring.report.shown.count") as count:
        tasks.monitoring_count_indicators_task(1990, None, "pl")
        tasks.monitoring_count_indicators_task(2025, 987654, "pl")
        tasks.monitoring_count_indicators_task(2025, None, "xx")
        assert not count.called
        tasks.monitoring_count_indicators_task(2025, None, "en")
        assert count.called
