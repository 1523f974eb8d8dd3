"""The indicators never read the contact–organisation link table (1.2 million rows at ten
years): the support indicators count the year's range of ``ContactLink`` instead (issue 15)."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

from crm.top.monitoring import facts
from crm.top.monitoring.indicators import REGISTRY, Labels, Period, compute
from crm.top.monitoring.report import indicator_rows
from networks.models import PartyRole
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import contacts_in_year
from tests.networks.factories import (
    MembershipFactory,
    NetworkFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
)
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


def _correlated_subplans(plan: dict[str, Any]) -> list[str]:
    """Subqueries run once per outer row (a hashed one runs once)."""
    return [
        node["Subplan Name"]
        for node in nodes(plan)
        if node.get("Parent Relationship") == "SubPlan"
        and not node.get("Subplan Name", "").startswith("hashed")
    ]


def _world() -> None:
    jst = [OrganisationFactory(kind="jst_gmina") for _ in range(3)]
    pes = [OrganisationFactory(kind="social_cooperative") for _ in range(6)]
    for n in range(60):
        partnership = PartnershipFactory(starts_on=datetime.date(2024, 1 + n % 12, 1))
        PartnershipPartyFactory(partnership=partnership, organisation=jst[n % 3])
        PartnershipPartyFactory(
            partnership=partnership, organisation=pes[n % 6], role=PartyRole.LEAD
        )
        if n % 4 == 0:
            PartnershipPartyFactory(partnership=partnership, organisation=pes[(n + 1) % 6])
    network = NetworkFactory()
    for n, organisation in enumerate(pes):
        MembershipFactory(
            organisation=organisation, network=network, joined_on=datetime.date(2025, 2, 1 + n),
            left_on=datetime.date(2025, 6, 1) if n % 2 else None,
        )  # fmt: skip
    contacts_in_year(2024, 200, hours_apart=11, duration_minutes=30)
    contacts_in_year(2025, 200, hours_apart=11, duration_minutes=30)


def test_the_counted_page_places_partnerships_and_joiners_without_a_lookup_per_row(
    team_member: Any,
) -> None:
    """The JST–PES partnerships are placed at their PES party by one window over the parties,
    not by two lookups per partnership (~400 ms at 20,000); the retention asks about a rejoin
    only for those who left, and the two contact measures of a past year are one read of the
    copy's time index (COUNT(1), not of the key the index does not hold)."""
    _world()
    with mock.patch.object(facts, "current", return_value=None):
        found = plans_of(lambda: indicator_rows(user=None, year=2025))
    grouped = {sql: plan for sql, plan in found if "GROUP BY" in sql}

    partnerships = [p for sql, p in grouped.items() if '"networks_partnershipparty"."id"' in sql]
    assert len(partnerships) == 1  # the five measures of both years, in one pass
    assert _correlated_subplans(partnerships[0]) == []
    assert "WindowAgg" in {node["Node Type"] for node in nodes(partnerships[0])}

    retention = [p for sql, p in grouped.items() if '"still_in"' in sql or "CASE WHEN" in sql]
    assert retention and all(len(_correlated_subplans(p)) <= 1 for p in retention)

    # The copy read as the main table (not as the organisation pass's "advised" subquery),
    # through its time index; nothing but the index's columns is read, so once the table is
    # vacuumed (ten years, not a test's fresh rows) the index answers alone.
    contacts = {
        sql: plan for sql, plan in grouped.items() if 'FROM "monitoring_contactlink" INNER' in sql
    }
    assert len(contacts) == 2  # one per year, both measures together
    for sql, plan in contacts.items():
        assert '"monitoring_contactlink"."link_id"' not in sql
        assert "contactlink_year" in {n.get("Index Name") for n in nodes(plan)}
    assert seq_scans(found, {"monitoring_contactlink"}) == []
    assert seq_scans(found, {"networks_partnership", "networks_partnershipparty"}) == []
