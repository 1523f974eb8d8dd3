"""The indicator page counts the measures of one kind of record together (``batch``): every
number and breakdown is the one the indicator gives alone, in fewer queries."""

from __future__ import annotations

import io
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.access import unscoped
from crm.top.monitoring import facts
from crm.top.monitoring.indicators import REGISTRY, IndicatorValue, Labels, Period, compute
from crm.top.monitoring.report import indicator_rows
from interactions.models import Interaction

pytestmark = pytest.mark.django_db


def _shown(value: IndicatorValue) -> tuple[Any, ...]:
    return (
        value.value,
        [(c.key, c.value) for c in value.by_subregion],
        [(c.key, c.value) for c in value.by_powiat],
        [(c.key, c.value) for c in value.by_category],
    )


def _alone(key: str, year: int) -> tuple[Any, ...]:
    labels = Labels()
    labels.version = None  # counted now, not read from the cache
    return _shown(compute(key, Period(year), labels))


@unscoped("the test compares every number")
def test_counted_together_the_numbers_are_those_counted_alone(manager: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    year = max(d.year for d in Interaction.objects.dates("occurred_at", "year")) - 1
    with (
        mock.patch.object(facts, "current", return_value=None),
        CaptureQueriesContext(connection) as captured,
    ):
        rows = indicator_rows(user=None, year=year)
    assert len(rows) == len(REGISTRY)
    assert any(row.value.value for row in rows)
    for row in rows:
        key = row.definition.query
        assert _shown(row.value) == _alone(key, year), key
        assert row.previous == _alone(key, year - 1)[0], key
    # Of two years, the eleven organisation, membership and status measures are counted in
    # three queries, the six employment measures and se_active (all read from the enterprise
    # years) in two (one per year), the five JST–PES partnership measures in one, the two
    # contact measures in two (one per past year).
    grouped = [q for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 2 * len(REGISTRY) - 2 * (11 + 7 + 5 + 2) + 3 + 2 + 1 + 2
