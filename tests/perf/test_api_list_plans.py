"""Plans of the API's follow-up and network lists (issue 15): the page comes from an index in
the list's order, never from sorting (or DISTINCT-sorting) every follow-up, and each network's
member count is read from the membership index of that network, not from every membership
grouped and counted."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from interactions.models import FollowUp, Participation
from networks.models import Membership
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import NetworkFactory
from tests.perf.plans import (
    nodes,
    nodes_outside_subplans,
    plans_of,
    postgres_only,
    seq_scans,
    shape,
)

pytestmark = postgres_only


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _follow_ups(*owners: Any, count: int = 3000) -> None:
    today = timezone.localdate()
    FollowUp.objects.bulk_create(
        FollowUp(
            title=f"Zadanie {n}",
            due_on=today - datetime.timedelta(days=n % 700),
            assignee=owners[n % len(owners)],
            created_by=owners[n % len(owners)],
            status="open" if n % 10 == 0 else "cancelled",
        )
        for n in range(count)
    )


def _page(found: Any, table: str) -> dict[str, Any]:
    (page,) = [plan for sql, plan in found if table in sql and "LIMIT" in sql]
    return page


def test_a_page_of_follow_ups_is_read_in_due_order_from_an_index(manager: Any) -> None:
    _follow_ups(manager)
    client = _client(manager)
    due = {"followup_due", "followup_status_due"}
    for query, indexes in [
        ("?page_size=50", {"followup_due"}),
        ("?page_size=200", {"followup_due"}),
        ("?status=open&page_size=50", {"followup_status_due"}),
        # Two statuses: either due index gives the rows in order (no sort either way).
        ("?status=open&status=cancelled&page_size=50", due),
    ]:
        found = plans_of(lambda query=query: client.get(f"/api/v1/follow-ups/{query}"))
        page = _page(found, "interactions_followup")
        assert seq_scans(found) == [], query
        assert indexes & set(shape(page)), (query, page)
        # ?status= is a column of the row: no DISTINCT (a sort of every column) before a page.
        kinds = {node["Node Type"] for node in nodes(page)}
        assert not {"Unique", "Sort", "HashAggregate"} & kinds, (query, page)


def test_a_team_members_follow_ups_are_not_a_scan_of_everyones(
    manager: Any, team_member: Any
) -> None:
    # Their own among many colleagues': read through an index, never the table whole.
    _follow_ups(manager, team_member, count=4000)
    found = plans_of(lambda: _client(team_member).get("/api/v1/follow-ups/?page_size=50"))
    assert seq_scans(found) == []
    assert _page(found, "interactions_followup")


def test_network_member_counts_are_read_per_network_from_the_membership_index(
    manager: Any,
) -> None:
    networks = [NetworkFactory(name=f"Sieć {n}") for n in range(9)]
    organisations = [OrganisationFactory() for _ in range(40)]
    Membership.objects.bulk_create(
        Membership(
            network=network,
            organisation=organisation,
            joined_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            left_on=None if n % 3 else datetime.date(2024, 1, 1),
        )
        for n, (network, organisation) in enumerate(
            (network, organisation) for network in networks for organisation in organisations
        )
    )
    found = plans_of(lambda: _client(manager).get("/api/v1/networks/?page_size=50"))
    assert seq_scans(found) == []
    (page,) = [plan for sql, plan in found if "members_now" in sql]
    outer = list(nodes_outside_subplans(page))
    inner = [node for node in nodes(page) if node not in outer]
    # The count of one network reads that network's memberships through an index ...
    reads = {
        (node["Node Type"], node.get("Relation Name"))
        for node in inner
        if node.get("Relation Name") == "networks_membership"
    }
    through_an_index = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
    assert reads and all(kind in through_an_index for kind, _ in reads), inner
    # ... and neither the outer query nor its count joins every membership and groups them.
    assert "networks_membership" not in {node.get("Relation Name") for node in outer}
    assert not {"HashAggregate", "GroupAggregate"} & {node["Node Type"] for node in outer}


def test_a_page_of_events_counts_the_participants_of_its_own_events_only(manager: Any) -> None:
    """Counted per event shown (a subplan), not by grouping every participation of every event
    before the page is cut: 66 ms for five events of 666 at ten years of data, now 12."""
    organisations = [OrganisationFactory() for _ in range(12)]
    for event in [EventFactory() for _ in range(20)]:
        Participation.objects.bulk_create(
            Participation(event=event, organisation=o) for o in organisations
        )
    found = plans_of(lambda: _client(manager).get("/api/v1/events/?page_size=5"))
    page = _page(found, "interactions_event")

    grouped = [n for n in nodes_outside_subplans(page) if n["Node Type"] == "Aggregate"]
    assert grouped == [], page
    assert seq_scans(found, ["interactions_participation"]) == []
