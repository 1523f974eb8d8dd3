"""The indicators never read the contact–organisation link table (1.2 million rows at ten
years): the support indicators count the year's range of ``ContactLink`` instead (issue 15)."""

from __future__ import annotations

from typing import Any

from crm.top.monitoring.indicators import REGISTRY, Labels, Period, compute
from tests.interactions.factories import contacts_in_year
from tests.perf.plans import nodes, plans_of, postgres_only, seq_scans, whole_index_walks

pytestmark = postgres_only

LINKS = "interactions_interaction_organisations"


def test_no_indicator_reads_the_contact_organisation_links(team_member: Any) -> None:
    for year in (2024, 2025):
        contacts_in_year(year, 400, hours_apart=11, duration_minutes=30)
    labels = Labels()
    labels.version = None  # counted, not read from the cache

    def count() -> None:
        for key in REGISTRY:
            compute(key, Period(2025), labels)

    found = plans_of(count)
    assert len(found) >= len(REGISTRY)
    assert seq_scans(found, {LINKS}) == []
    assert [walk for _sql, plan in found for walk in whole_index_walks(plan, {LINKS})] == []
    read = [
        sql[:120]
        for sql, plan in found
        for node in nodes(plan)
        if node.get("Relation Name") == LINKS
    ]
    assert read == []
