"""The application's connections never JIT-compile a query (config/settings.py).

On the ten-year data the planner priced the art. 14 worklist's count (a correlated subquery
per person) at 70 million, and PostgreSQL spent a second compiling a query that then ran in
45 ms; the start page waited for it on every visit.
"""

from __future__ import annotations

from django.db import connection

from crm.top.notices.selectors import notice_counts
from tests.perf.plans import plans_of, postgres_only

pytestmark = postgres_only


def test_a_query_priced_above_any_jit_threshold_is_not_compiled(manager: object) -> None:
    found = plans_of(lambda: notice_counts(manager))
    assert found
    with connection.cursor() as cursor:
        # Every query is now above the threshold: only the connection's jit=off stops it.
        cursor.execute("SET LOCAL jit_above_cost = 0")
        for sql, _plan in found:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            explained = cursor.fetchone()[0][0]
            assert "JIT" not in explained, sql[:200]
