"""The monitoring's queries on PostgreSQL: what a page reads when its numbers are kept, and how
the contact indicators find the year's contacts when they are counted.

As in ``tests/web/test_query_plans.py``: every SELECT is explained with ``enable_seqscan`` off,
so a sequential scan of a large table means no index can answer it.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from crm.top.monitoring import facts
from crm.top.monitoring.indicators import Labels, Period, compute
from tests.interactions.factories import contacts_in_year
from tests.perf.plans import large_table_scans, nodes, plans_of, seq_scans

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans of PostgreSQL; SQLite has no planner to ask",
    ),
]

CONTACT_INDICATORS = ("interactions", "advisory_hours", "organisations_advised")


def _time_index() -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "interactions_interaction")
    return next(
        name
        for name, info in constraints.items()
        if info["index"] and info["columns"] == ["occurred_at"]
    )


def test_the_contact_indicators_read_the_year_through_the_time_index(team_member: Any) -> None:
    for year in (2023, 2024, 2025):
        contacts_in_year(year, 300)
    labels = Labels()
    labels.version = None  # counted, not read from the cache

    def count() -> None:
        for key in CONTACT_INDICATORS:
            compute(key, Period(2024), labels)

    found = plans_of(count)
    assert [sql for sql, _plan in found if "GROUP BY" in sql], "no grouped query sent"
    contact_reads = [
        node
        for sql, plan in found
        if "GROUP BY" in sql
        for node in nodes(plan)
        if node.get("Index Name") == "contactlink_year"
    ]
    # The year's range of the copy's time index (``ContactLink``), never the whole copy.
    assert len(contact_reads) == len(CONTACT_INDICATORS), contact_reads
    assert all("occurred_at" in node.get("Index Cond", "") for node in contact_reads)
    assert seq_scans(found, {"monitoring_contactlink"}) == []
    read = {node.get("Relation Name") for _sql, plan in found for node in nodes(plan)}
    assert not read & {"interactions_interaction", "interactions_interaction_organisations"}


def test_how_long_a_number_of_today_is_kept_comes_from_the_time_index(team_member: Any) -> None:
    contacts_in_year(timezone.localdate().year - 1, 300)
    contacts_in_year(timezone.localdate().year, 50)

    found = plans_of(lambda: facts.seconds_valid(datetime.date(timezone.localdate().year, 12, 31)))
    assert len(found) == 1
    assert large_table_scans(found) == []
    assert _time_index() in {node.get("Index Name") for node in nodes(found[0][1])}
