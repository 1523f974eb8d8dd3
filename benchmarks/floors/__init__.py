"""The floors: the same rows as a case, fetched by hand-written SQL through the same stack.

``/bench/floor/<name>/`` (mounted only by ``benchmarks.urls``) passes the same middleware as
every page, checks the session like the API does, runs the SQL of ``<name>`` with a plain
cursor and answers JSON. What a case costs beyond its floor is what our ORM, serializers,
filters, templates and query plans add; ``make bench`` prints that ratio.

Each floor answers the rows the case shows in the order it shows them (``make bench`` compares
the ids of API pages and says so when they differ), written the way one would write them by
hand on the same schema and indexes: one query per list, joins instead of per-row lookups, the
page of ids first when sorting would otherwise touch every row.

One module a kind of floor: the lists of each app, the organisation timeline, whole pages;
``base`` holds the registry and the view. Importing this package registers every floor.
"""

from benchmarks.floors.base import FLOORS, LOCAL, Query, floor, floor_view
from benchmarks.floors.contact_lists import (
    ORGANISATION_JOINS,
    affiliations,
    employment,
    organisation_columns,
    organisation_detail,
    organisations,
    people,
    ps_statuses,
)
from benchmarks.floors.interaction_lists import events, follow_ups, interactions, participations
from benchmarks.floors.network_lists import (
    MEMBERSHIP_COLUMNS,
    members_of,
    memberships,
    networks,
    partnerships,
)
from benchmarks.floors.organisation_timeline import timeline
from benchmarks.floors.pages import (
    PES,
    catalogue,
    dashboard,
    organisation_page,
    organisation_search_page,
)
from benchmarks.floors.reference_lists import gminas, import_batches, powiats, subregions, users

__all__ = [
    "FLOORS",
    "LOCAL",
    "MEMBERSHIP_COLUMNS",
    "ORGANISATION_JOINS",
    "PES",
    "Query",
    "affiliations",
    "catalogue",
    "dashboard",
    "employment",
    "events",
    "floor",
    "floor_view",
    "follow_ups",
    "gminas",
    "import_batches",
    "interactions",
    "members_of",
    "memberships",
    "networks",
    "organisation_columns",
    "organisation_detail",
    "organisation_page",
    "organisation_search_page",
    "organisations",
    "participations",
    "partnerships",
    "people",
    "powiats",
    "ps_statuses",
    "subregions",
    "timeline",
    "users",
]
