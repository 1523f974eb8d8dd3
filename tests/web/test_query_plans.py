"""The hot queries of the pages read a page, not the table: their plans on PostgreSQL.

Each test runs a page or a selector, then asks PostgreSQL for the plan of every SELECT it sent,
with ``enable_seqscan = off``: at test sizes a sequential scan is often the cheaper choice, and
forbidding it shows what answers the query once the table holds ten years (an index, or a scan
anyway because no index can). A sequential scan of one of the large tables fails the test; so
does a plan that changes between a small and a large organisation for the queries that must read
one page whatever the organisation's history (the timeline, the organisation page's contacts).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts.models import Organisation
from contacts.timeline import organisation_timeline
from crm.top.dashboard.selectors import agenda, headline_numbers
from interactions.models import FollowUp, Interaction
from interactions.selectors import newest_interactions
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import StaffFactory
from tests.networks.factories import MembershipFactory, NetworkFactory
from tests.perf.plans import (
    large_table_scans,
    nodes,
    nodes_outside_subplans,
    plans_of,
    postgres_only,
    shape,
    uses_index,
)
from tests.web.conftest import client_for

pytestmark = postgres_only


def _contacts(organisation: Organisation, count: int, *, years_ago: int = 0) -> None:
    """``count`` contacts of the organisation, the newest ``years_ago`` years back."""
    newest = timezone.now() - datetime.timedelta(days=365 * years_ago)
    made = Interaction.objects.bulk_create(
        Interaction(
            kind="phone", subject=f"Telefon {n}", occurred_at=newest - datetime.timedelta(hours=n)
        )
        for n in range(count)
    )
    Interaction.organisations.through.objects.bulk_create(
        Interaction.organisations.through(interaction=i, organisation=organisation) for i in made
    )


def _others(count: int) -> None:
    """Contacts of other organisations, newer than any of the organisation's."""
    crowd = OrganisationFactory()
    _contacts(crowd, count)


def test_a_link_keeps_the_time_of_its_contact(team_member: Any) -> None:
    organisation = OrganisationFactory()
    _contacts(organisation, 1)
    interaction = Interaction.objects.get()
    moved = interaction.occurred_at - datetime.timedelta(days=400)
    Interaction.objects.filter(pk=interaction.pk).update(occurred_at=moved)
    with connection.cursor() as cursor:
        cursor.execute("SELECT occurred_at FROM interactions_interaction_organisations")
        assert cursor.fetchone()[0] == moved


def test_the_newest_contacts_come_from_one_index_for_a_small_and_a_large_history(
    team_member: Any,
) -> None:
    organisation = OrganisationFactory()
    _contacts(organisation, 300, years_ago=3)
    _others(500)

    def newest() -> None:
        rows = newest_interactions(user=team_member, organisation=organisation, limit=5)
        assert [r.subject for r in rows] == [f"Telefon {n}" for n in range(5)]

    small = plans_of(newest)
    _contacts(organisation, 3000, years_ago=4)
    _others(3000)
    large = plans_of(newest)

    assert [shape(plan) for _sql, plan in small] == [shape(plan) for _sql, plan in large]
    assert [plan["Plan Rows"] for _sql, plan in small] == [
        plan["Plan Rows"] for _sql, plan in large
    ]
    assert uses_index(
        large, "interactions_interaction_organisations", "interaction_organisation_newest"
    )
    assert not large_table_scans(large)


def test_the_timeline_and_the_organisation_page_read_pages_at_two_sizes(team_member: Any) -> None:
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, network=NetworkFactory())
    _contacts(organisation, 300, years_ago=2)
    _others(300)
    client = client_for(team_member)

    def timeline() -> None:
        page = organisation_timeline(user=team_member, organisation=organisation, page_size=5)
        assert len(page.items) == 5

    def organisation_page() -> None:
        response = client.get(reverse("contacts:organisation_detail", args=[organisation.pk]))
        assert response.status_code == 200

    def contact_pages(found: list[tuple[str, dict]]) -> list[tuple[list[str], int]]:
        """The queries that read interactions of the organisation (the page's latest contacts,
        the timeline's UNION ALL of every source): what they read (in any order: a nested loop
        may take either side first at either size), how many rows."""
        return [
            (sorted(shape(plan)), plan["Plan Rows"])
            for sql, plan in found
            if sql.startswith('SELECT "interactions_interaction"."id"')
            or (sql.startswith("(SELECT") and "UNION ALL" in sql)
        ]

    small = plans_of(timeline) + plans_of(organisation_page)
    _contacts(organisation, 3000, years_ago=3)
    _others(3000)
    large = plans_of(timeline) + plans_of(organisation_page)

    assert not large_table_scans(small)
    assert not large_table_scans(large)
    assert contact_pages(small) == contact_pages(large)
    # The page's contacts, and the timeline on the page and on its own.
    assert len(contact_pages(large)) == 3
    assert all("interaction_organisation_newest" in read for read, _rows in contact_pages(large))


def test_the_timeline_counts_every_source_from_indexes(team_member: Any) -> None:
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, network=NetworkFactory())
    _contacts(organisation, 3000, years_ago=3)
    _others(3000)

    found = plans_of(
        lambda: organisation_timeline(user=team_member, organisation=organisation, page_size=5)
    )
    counts = [plan for sql, plan in found if sql.startswith("SELECT COUNT(*) FROM ((SELECT")]

    assert len(counts) == 1
    assert not large_table_scans([("count", counts[0])])
    assert {node["Node Type"] for node in nodes(counts[0])} & {"Hash Join", "Merge Join"} == set()


def test_the_dashboard_reads_my_tasks_and_this_year_from_indexes(manager: Any) -> None:
    today = timezone.localdate()
    FollowUp.objects.bulk_create(
        FollowUp(
            title=f"Zadanie {n}",
            due_on=today - datetime.timedelta(days=n % 900),
            assignee=manager if n % 4 == 0 else StaffFactory(),
        )
        for n in range(200)
    )
    _others(500)

    def dashboard() -> None:
        agenda(user=manager, today=today)
        headline_numbers(today=today)

    small = plans_of(dashboard)
    FollowUp.objects.bulk_create(
        FollowUp(title=f"Stare {n}", due_on=today - datetime.timedelta(days=1000), assignee=manager)
        for n in range(2000)
    )
    _others(3000)
    large = plans_of(dashboard)

    assert not large_table_scans(large)
    for found in (small, large):
        tasks = [plan for sql, plan in found if "interactions_followup" in sql]
        assert len(tasks) == 3
        # The rows read are ten overdue ones and this week's, not everything that piled up.
        assert max(plan["Plan Rows"] for plan in tasks) <= 60
    this_year = [plan for sql, plan in large if '"occurred_at" >=' in sql]
    assert this_year
    # A range of the occurred_at index (a cast to a local date could only filter every entry).
    assert any(
        node.get("Index Name") == "interactions_interaction_occurred_at_d0b21b77"
        and "occurred_at >=" in node.get("Index Cond", "")
        for node in nodes(this_year[0])
    )


def test_the_networks_api_counts_members_per_network_not_by_grouping_them_all(
    manager: Any,
) -> None:
    network = NetworkFactory()
    for _ in range(30):
        MembershipFactory(network=network)
    found = plans_of(lambda: client_for(manager).get("/api/v1/networks/"))
    assert not large_table_scans(found)
    (page,) = [plan for sql, plan in found if "members_now" in sql]
    outer = list(nodes_outside_subplans(page))
    inner = [node for node in nodes(page) if node not in outer]
    assert "networks_membership" in {node.get("Relation Name") for node in inner}
    # Not a join of every membership to the networks, grouped and counted DISTINCT.
    assert "networks_membership" not in {node.get("Relation Name") for node in outer}


def test_the_organisation_search_sorts_the_trigram_matches(manager: Any) -> None:
    """5,000 names, the 50 matches sorting last: the page is the matches sorted, not a walk
    along the name index past every name before "z"."""
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Stowarzyszenie {n}", search_name=f"stowarzyszenie {n}", kind="association"
        )
        for n in range(5000)
    )
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Zakład Aktywności Zawodowej {n}",
            search_name=f"zaklad aktywnosci zawodowej {n}",
            kind="zaz",
        )
        for n in range(50)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(%s::regclass), gin_clean_pending_list(%s::regclass)",
            ["contacts_organisation_search_name_trgm", "contacts_organisation_search_town_trgm"],
        )
    found = plans_of(lambda: client_for(manager).get("/api/v1/organisations/?search=zaklad"))
    (page,) = [plan for sql, plan in found if "LIMIT" in sql and "contacts_organisation" in sql]
    assert "contacts_organisation_search_name_trgm" in shape(page)
    assert "organisation_search_name" not in shape(page)
    assert "organisation_name" not in shape(page)


@pytest.mark.parametrize("url", ["/organizacje/", "/api/v1/organisations/"])
def test_the_organisation_list_reads_its_first_page_from_the_name_index(
    manager: Any, url: str
) -> None:
    """The default order (name in Polish order, then id) is the (name, id) index's order:
    the first page is read from it, not by sorting every organisation."""
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Stowarzyszenie {n}", search_name=f"stowarzyszenie {n}", kind="association"
        )
        for n in range(3000)
    )
    found = plans_of(lambda: client_for(manager).get(url))
    (page,) = [plan for sql, plan in found if "LIMIT" in sql and "contacts_organisation" in sql]
    assert "organisation_name" in shape(page), page
    top = []
    for node in nodes_outside_subplans(page):
        if node.get("Index Name") == "organisation_name":
            break
        top.append(node["Node Type"])
    assert not {"Sort", "Incremental Sort"} & set(top), page


def test_the_follow_up_list_pages_come_from_the_due_indexes(manager: Any) -> None:
    today = timezone.localdate()
    FollowUp.objects.bulk_create(
        FollowUp(
            title=f"Zadanie {n}",
            due_on=today - datetime.timedelta(days=n % 700),
            assignee=manager,
            status="open" if n % 10 == 0 else "cancelled",
        )
        for n in range(3000)
    )
    client = client_for(manager)
    for query, index in [
        ("?status=open&page_size=50", "followup_status_due"),
        ("?page_size=50", "followup_due"),
    ]:
        found = plans_of(lambda query=query: client.get(f"/api/v1/follow-ups/{query}"))
        assert not large_table_scans(found)
        (page,) = [plan for sql, plan in found if "interactions_followup" in sql and "LIMIT" in sql]
        assert index in shape(page)
        # ?status= is a column of the row: no DISTINCT over every column before the page.
        assert not {"Unique", "Sort"} & {node["Node Type"] for node in nodes(page)}


def test_the_catalogue_prices_the_status_holders_once_not_per_organisation(db: None) -> None:
    """PostgreSQL compiles a query with JIT once its price passes jit_above_cost: the holders
    of a PS status as a per-organisation probe (OR EXISTS) priced the catalogue's queries
    several times a scan of the table and cost 0.5-0.75 s of compilation each."""
    from contacts.models import SocialEnterpriseStatus
    from crm.top.monitoring.catalogue import catalogue_kinds, catalogue_search

    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Podmiot {n}",
            search_name=f"podmiot {n}",
            kind="association" if n % 3 else "business",
            is_public=True,
        )
        for n in range(3000)
    )
    SocialEnterpriseStatus.objects.bulk_create(
        SocialEnterpriseStatus(
            organisation=organisation, kind="statutory", granted_on=datetime.date(2024, 1, 1)
        )
        for organisation in organisations[::3]
    )

    def catalogue() -> None:
        catalogue_search().count()
        catalogue_kinds()

    found = plans_of(catalogue, seqscan=True)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) SELECT count(*) FROM contacts_organisation")
        scan = cursor.fetchone()[0][0]["Plan"]["Total Cost"]
    listed = [plan for sql, plan in found if "contacts_organisation" in sql]
    assert len(listed) == 2
    assert all(plan["Total Cost"] < 5 * scan for plan in listed), [
        plan["Total Cost"] for plan in listed
    ]
