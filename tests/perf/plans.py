"""Query plans on PostgreSQL for the EXPLAIN tests of the hot queries (issue 15).

Every test that pins a hot query to an index uses these helpers:

- ``postgres_only``: the module marks (``pytestmark = postgres_only``); the tests run in CI's
  PostgreSQL pass and are skipped on SQLite, which has no planner to ask;
- ``plans_of(run)``: every SELECT that ``run`` sends, with its JSON plan, sequential scans
  forbidden (``enable_seqscan = off``; at test sizes a scan is often cheaper, forbidding it shows
  what answers the query once the table holds ten years);
- ``plan_of(queryset)``: the plan of one queryset, the same way;
- ``seq_scans(plan_or_found, tables)`` / ``assert_no_seq_scan(queryset, *tables)``: the
  sequential scans of the named tables (``LARGE_TABLES`` by default) a plan still makes;
  ``whole_index_walks(plan)``: the indexes it walks end to end with nothing to stop the walk;
- ``shape(plan)`` and ``estimated_rows(plan)``: what a plan reads and how many rows it expects,
  to compare a plan at two sizes of the data (a hot query's must not grow with the table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

postgres_only = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans of PostgreSQL; SQLite has no planner to ask",
    ),
]

# The tables that hold ten years of work: a sequential scan of one is a cost that grows with the
# data, never with the page.
LARGE_TABLES = frozenset(
    {
        "contacts_organisation",
        "contacts_person",
        "contacts_affiliation",
        "interactions_interaction",
        "interactions_interaction_organisations",
        "interactions_interaction_people",
        "interactions_interaction_staff",
        "interactions_interaction_topics",
        "interactions_followup",
        "interactions_participation",
        "networks_membership",
        "networks_partnership",
    }
)

Found = list[tuple[str, dict[str, Any]]]


def _explain(cursor: Any, sql: str, params: Any = None) -> dict[str, Any]:
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    result = cursor.fetchone()[0]
    if isinstance(result, str):  # psycopg without the json loader
        import json

        result = json.loads(result)
    return result[0]["Plan"]


def _settings(cursor: Any, *, seqscan: bool) -> None:
    cursor.execute("ANALYZE")
    cursor.execute("SET LOCAL enable_seqscan = %s", ["on" if seqscan else "off"])


def plans_of(run: Callable[[], Any], *, seqscan: bool = False) -> Found:
    """Every SELECT that ``run`` sends, with its plan (sequential scans forbidden unless
    ``seqscan``). Needs a transaction (any ``django_db`` test has one)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    found = []
    with connection.cursor() as cursor:
        _settings(cursor, seqscan=seqscan)
        for query in captured.captured_queries:
            sql = query["sql"]
            # "(SELECT": a UNION of parts each with its own ORDER BY and LIMIT.
            if not sql.lstrip().lstrip("(").upper().startswith(("SELECT", "WITH")):
                continue
            found.append((sql, _explain(cursor, sql)))
    return found


def plan_of(queryset: QuerySet[Any], *, seqscan: bool = False) -> dict[str, Any]:
    """The plan of one queryset as the page would send it."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        _settings(cursor, seqscan=seqscan)
        return _explain(cursor, sql, params)


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def nodes_outside_subplans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        if child.get("Parent Relationship") != "SubPlan":
            yield from nodes_outside_subplans(child)


def shape(plan: dict[str, Any]) -> list[str]:
    """What a plan reads: the indexes it uses and the tables it scans whole, in order (join
    methods and caches such as Memoize may differ with the sizes; what is read may not)."""
    return [
        node.get("Index Name") or f"whole {node['Relation Name']}"
        for node in nodes(plan)
        if node.get("Index Name") or node["Node Type"] == "Seq Scan"
    ]


def estimated_rows(plan: dict[str, Any]) -> list[tuple[str, float]]:
    """Each node's type and the rows the planner expects of it, top down."""
    return [(node["Node Type"], node["Plan Rows"]) for node in nodes(plan)]


def seq_scans(found: Found | dict[str, Any], tables: Iterable[str] = LARGE_TABLES) -> list[str]:
    """The sequential scans of ``tables`` in a plan, or in every plan ``plans_of`` found."""
    wanted = set(tables)
    pairs = [("", found)] if isinstance(found, dict) else found
    return [
        f"{node['Relation Name']} in {sql[:200]}" if sql else node["Relation Name"]
        for sql, plan in pairs
        for node in nodes(plan)
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in wanted
    ]


def whole_index_walks(plan: dict[str, Any], tables: Iterable[str] = LARGE_TABLES) -> list[str]:
    """The indexes of ``tables`` a plan walks end to end: no condition on the index and no LIMIT
    above to stop the walk (what the planner may take instead of a sequential scan once those
    are priced out). On tiny test data the planner picks such walks for small joins too, so
    this is for a query's main read, not for every node of every plan."""
    wanted = set(tables)

    def walk(node: dict[str, Any], limited: bool) -> Iterator[str]:
        kind = node["Node Type"]
        if (
            kind in {"Index Scan", "Index Only Scan"}
            and "Index Cond" not in node
            and not limited
            and node.get("Relation Name") in wanted
        ):
            yield f"{node['Relation Name']} by {node['Index Name']}"
        for child in node.get("Plans", []):
            # A subplan runs on its own: a LIMIT around the outer query does not stop it.
            inner_limited = (limited or kind == "Limit") and child.get(
                "Parent Relationship"
            ) != "SubPlan"
            yield from walk(child, inner_limited)

    return list(walk(plan, False))


def large_table_scans(found: Found) -> list[str]:
    return seq_scans(found)


def assert_no_seq_scan(
    queryset: QuerySet[Any], *tables: str, seqscan: bool = False
) -> dict[str, Any]:
    """Fail when the queryset's plan scans one of ``tables`` (``LARGE_TABLES`` if none)
    sequentially; returns the plan for further checks."""
    plan = plan_of(queryset, seqscan=seqscan)
    scans = seq_scans(plan, tables or LARGE_TABLES)
    assert not scans, f"sequential scan of {scans} in {plan}"
    return plan


def uses_index(found: Found, pattern: str, name: str) -> bool:
    return any(
        node.get("Index Name") == name
        for sql, plan in found
        if re.search(pattern, sql)
        for node in nodes(plan)
    )
