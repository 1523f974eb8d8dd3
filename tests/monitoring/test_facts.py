"""Indicator numbers are kept until the data behind them changes (``crm.top.monitoring.facts``).

On PostgreSQL a number computed once is read from the cache by the next page, and any write to
the tables it reads (through a service, a factory or a bulk UPDATE as imports do) makes the next
page count again. A transaction that has written, or another one holding an uncommitted write,
keeps nothing: the cache never holds what a colleague's unfinished import would change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from unittest import mock

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Organisation, OrganisationKind
from crm.top.monitoring import facts
from crm.top.monitoring.indicators import Labels, Period, compute
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import InteractionFactory

D = datetime.date
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the data version is kept by PostgreSQL triggers"
)


def pes_active(year: int = 2025) -> tuple[int, int]:
    """The indicator's value as a fresh page reads it, and how many grouped queries it sent."""
    with CaptureQueriesContext(connection) as captured:
        value = compute("pes_active", Period(year), Labels()).value
    grouped = sum("GROUP BY" in query["sql"] for query in captured.captured_queries)
    return int(value), grouped


@pytest.fixture
def other_writer() -> Iterator[psycopg.Connection[Any]]:
    """A colleague's transaction that has written and not committed yet."""
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None,
    )
    other.execute("SELECT txid_current()")  # as a first write does: it holds a transaction id
    yield other
    other.rollback()
    other.close()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_number_is_counted_once_and_again_after_any_write() -> None:
    OrganisationFactory(founded_on=D(2020, 5, 1))
    assert pes_active() == (1, 1)
    assert pes_active() == (1, 0)  # the next page reads it from the cache

    OrganisationFactory(founded_on=D(2021, 1, 1), kind=OrganisationKind.FOUNDATION)
    assert pes_active() == (2, 1)

    # A bulk write, as an import's, moves the version too.
    Organisation.objects.update(closed_on=D(2025, 6, 30))
    assert pes_active() == (0, 1)
    assert pes_active() == (0, 0)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_nothing_is_kept_while_a_write_is_uncommitted(other_writer: Any) -> None:
    OrganisationFactory(founded_on=D(2020, 5, 1))
    version = facts.current()
    assert version is not None and not version.storable
    assert pes_active() == (1, 1)
    assert pes_active() == (1, 1)  # counted again: the other transaction may change it

    with transaction.atomic():
        OrganisationFactory(founded_on=D(2021, 5, 1))
        # This transaction has written: it neither reads nor keeps anything in the cache.
        assert facts.current() is None
        assert pes_active() == (2, 1)
    other_writer.rollback()
    assert pes_active() == (2, 1)
    assert pes_active() == (2, 0)


@on_postgresql
@pytest.mark.django_db
def test_every_table_the_numbers_read_moves_the_data_version() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = %s",
            [facts.FUNCTION],
        )
        guarded = {row[0] for row in cursor.fetchall()}
    read = set(facts.data_tables())
    assert {"contacts_organisation", "interactions_interaction_organisations"} <= read
    assert {"networks_membership", "networks_partnershipparty", "crm_gmina"} <= read
    assert read - guarded == set()


@pytest.mark.django_db
def test_a_number_reaching_today_lasts_until_the_next_contact_or_midnight() -> None:
    today = timezone.localdate()
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        assert facts.seconds_valid(D(today.year - 1, 12, 31)) == facts.LONGEST
        assert facts.seconds_valid(D(today.year, 12, 31)) == 12 * 3600  # until midnight
        InteractionFactory(occurred_at=noon + datetime.timedelta(hours=3))
        assert facts.seconds_valid(D(today.year, 12, 31)) == 3 * 3600


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_refresh_task_counts_the_report_year_before_the_first_page() -> None:
    from crm.top.monitoring.models import IndicatorDefinition
    from crm.top.monitoring.report import indicator_rows
    from crm.top.monitoring.tasks import monitoring_refresh_task
    from crm.top.monitoring.years import default_year

    IndicatorDefinition.objects.create(
        code="pes", name_pl="PES", name_en="PES", unit="szt.", chapter="pes", query="pes_active"
    )
    OrganisationFactory(founded_on=D(2020, 5, 1))
    monitoring_refresh_task()
    with CaptureQueriesContext(connection) as captured:
        (row,) = indicator_rows(user=None, year=default_year())
    assert (row.value.value, row.previous) == (1, 1)
    assert not [q for q in captured.captured_queries if "GROUP BY" in q["sql"]]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_graph_is_kept_until_a_write_then_shown_older_while_drawn_again(
    manager: Any,
) -> None:
    from django.test import Client

    from networks.models import Partnership, PartnershipParty

    gmina = OrganisationFactory(name="Gmina Testowa", kind=OrganisationKind.GMINA, nip=None)
    pes = OrganisationFactory(name="Spółdzielnia Socjalna Testowa")
    deal = Partnership.objects.create(
        title="Zlecenie", kind="commissioned_task", starts_on=D(2025, 5, 1)
    )
    for organisation in (gmina, pes):
        PartnershipParty.objects.create(partnership=deal, organisation=organisation)
    client = Client()
    client.force_login(manager)
    url = "/graf/?start=2025-01-01&end=2025-12-31"

    def view() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url).content.decode()
        ties = sum("networks_partnershipparty" in q["sql"] for q in captured.captured_queries)
        return body, ties

    body, ties = view()
    assert "Gmina Testowa" in body and ties > 0 and "do zmiany danych" in body
    body, ties = view()
    assert "Gmina Testowa" in body and ties == 0  # kept: nothing read again

    PartnershipParty.objects.filter(organisation=pes).delete()
    # The older picture, said to be older, while a task draws the new one (here at once).
    body, _ties = view()
    assert "Gmina Testowa" in body and "dane zmieniły się" in body
    body, ties = view()
    assert "Gmina Testowa" not in body and ties == 0 and "do zmiany danych" in body
