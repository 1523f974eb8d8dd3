"""On the demo data: no indicator is negative, the PES stock adds up year to year, and the
records behind a count are as many as the count says."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from crm.top.monitoring.indicators import REGISTRY, Labels, Period, compute, records

pytestmark = pytest.mark.django_db

# Counts whose records (the drill-down) are the counted things themselves.
COUNTED_AS_LISTED = [
    "pes_active",
    "pes_new",
    "pes_closed",
    "se_active",
    "networks_active",
    "network_members",
    "network_members_new",
    "network_members_left",
    "jst_cooperating",
    "partnerships_jst_pes",
    "public_tasks_count",
    "social_clause_count",
    "jst_se_documents",
    "se_documents_adopted",
    "organisations_advised",
    "events",
    "event_organisations",
    "recommendations_made",
    "recommendations_implemented",
]


@pytest.fixture
def demo() -> list[int]:
    call_command("seed_demo", stdout=io.StringIO())
    return list(range(2015, timezone.localdate().year + 1))


def test_demo_indicators_are_never_negative_and_add_up(demo: list[int], manager: object) -> None:
    labels = Labels()
    for year in demo:
        for code in REGISTRY:
            value = compute(code, Period(year), labels)
            cells = value.by_subregion + value.by_powiat + value.by_category
            assert value.value >= 0 and all(c.value >= 0 for c in cells), (code, year)
        stock = compute("pes_active", Period(year), labels).value
        assert stock == (
            compute("pes_active", Period(year - 1), labels).value
            + compute("pes_new", Period(year), labels).value
            - compute("pes_closed", Period(year), labels).value
        ), year
        part = compute("jobs_created_at_risk", Period(year), labels).value
        assert part <= compute("jobs_created", Period(year), labels).value, year
    for year in demo[-6:]:
        for code in COUNTED_AS_LISTED:
            found, _kind = records(code, Period(year, user=manager))
            assert found.count() == compute(code, Period(year), labels).value, (code, year)
