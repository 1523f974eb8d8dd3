"""The floors: the same rows as a case, fetched by hand-written SQL through the same stack.

``/bench/floor/<name>/`` (mounted only by ``benchmarks.urls``) passes the same middleware as
every page, checks the session like the API does, runs the SQL of ``<name>`` with a plain
cursor and answers JSON. What a case costs beyond its floor is what our ORM, serializers,
filters, templates and query plans add; ``make bench`` prints that ratio.

Each floor answers the rows the case shows in the order it shows them (``make bench`` compares
the ids of API pages and says so when they differ), written the way one would write them by
hand on the same schema and indexes: one query per list, joins instead of per-row lookups, the
page of ids first when sorting would otherwise touch every row.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict

Query = tuple[str, str, Any]  # (key in the answer, SQL, a list or a dict of parameters)
FLOORS: dict[str, Callable[[QueryDict, Any], list[Query]]] = {}


def floor(name: str) -> Callable[[Any], Any]:
    def register(function: Callable[[QueryDict, Any], list[Query]]) -> Any:
        FLOORS[name] = function
        return function

    return register


def floor_view(request: HttpRequest, name: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"message": "sign in"}, status=401)
    build = FLOORS.get(name)
    if build is None:
        raise Http404
    body: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for key, sql, parameters in build(request.GET, request.user):
            cursor.execute(sql, parameters)
            columns = [column.name for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            body[key] = rows[0][columns[0]] if key == "count" else rows
    return HttpResponse(json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json")


def _id(params: QueryDict) -> int:
    """The record the case asks for (``?id=``)."""
    return int(params.get("id") or "")


def _size(params: QueryDict, default: int = 50) -> int:
    return min(int(params.get("page_size") or default), 200)


def _paged(table: str, where: str, args: list[Any], rows: str, size: int) -> list[Query]:
    """The count and one page: what every paginated list answers."""
    count = f"SELECT count(*) FROM {table} WHERE {where}"
    return [("count", count, args), ("results", rows + " LIMIT %s", [*args, size])]


# --- contacts ------------------------------------------------------------------------------

ORGANISATION_COLUMNS = """
    o.id, o.name, o.short_name, o.kind, o.legal_form, o.nip, o.regon, o.krs, o.kgw_number,
    o.operator_id AS operator, o.street, o.postal_code, o.town, g.code AS gmina,
    p.code AS powiat, s.slug AS subregion, o.email, o.phones, o.website, o.offer, o.is_public,
    ARRAY(SELECT DISTINCT sr.slug FROM contacts_owesaccreditation a
          JOIN contacts_owesaccreditation_subregions x ON x.owesaccreditation_id = a.id
          JOIN crm_subregion sr ON sr.id = x.subregion_id
          WHERE a.organisation_id = o.id
            AND (a.valid_from IS NULL OR a.valid_from <= CURRENT_DATE)
            AND (a.valid_to IS NULL OR a.valid_to >= CURRENT_DATE))
      AS serves_subregions,
    o.founded_on, o.closed_on, o.notes, o.created_by_id AS created_by, o.created_at,
    o.updated_at"""
ORGANISATION_JOINS = """
    LEFT JOIN crm_gmina g ON g.id = o.gmina_id LEFT JOIN crm_powiat p ON p.id = g.powiat_id
    LEFT JOIN crm_subregion s ON s.id = g.subregion_id"""


@floor("organisation")
def organisations(params: QueryDict, user: Any) -> list[Query]:
    """The list or ``?search=`` (every word in the folded name, or the folded town): the
    matches are found first (trigram indexes), then sorted, then joined for one page."""
    from crm.text import fold

    words = fold(params.get("search", "")).split()
    where, args = "TRUE", []
    if words:
        where = (
            "(" + " AND ".join(["o.search_name LIKE %s"] * len(words)) + ")"
            " OR o.search_town LIKE %s"
        )
        args = [f"%{word}%" for word in words] + [f"%{' '.join(words)}%"]
    size = _size(params)
    # Without a search the name index gives the page; with one the few thousand matches are
    # found first (trigram indexes) and sorted, instead of walking the name index past them.
    page = (
        f"""SELECT id FROM (SELECT o.id, o.name FROM contacts_organisation o
              WHERE {where} OFFSET 0) AS found ORDER BY name, id LIMIT %s"""
        if words
        else "SELECT id FROM contacts_organisation ORDER BY name, id LIMIT %s"
    )
    rows = f"""
        WITH page AS MATERIALIZED ({page})
        SELECT {ORGANISATION_COLUMNS}
        FROM page JOIN contacts_organisation o ON o.id = page.id {ORGANISATION_JOINS}
        ORDER BY o.name, o.id"""
    return [
        ("count", f"SELECT count(*) FROM contacts_organisation o WHERE {where}", args),
        ("results", rows, [*args, size]),
    ]


@floor("organisation_search_page")
def organisation_search_page(params: QueryDict, user: Any) -> list[Query]:
    """The organisations page: what its table shows, a page of 50."""
    return organisations(params, user)


@floor("organisation_detail")
def organisation_detail(params: QueryDict, user: Any) -> list[Query]:
    sql = f"""
        SELECT {ORGANISATION_COLUMNS} FROM contacts_organisation o {ORGANISATION_JOINS}
        WHERE o.id = %s"""
    return [("results", sql, [_id(params)])]


@floor("person")
def people(params: QueryDict, user: Any) -> list[Query]:
    """People with their current affiliations (and each one's organisation name) in one query."""
    rows = """
        SELECT p.id, p.first_name, p.last_name, p.email, p.phone, p.legal_basis, p.source,
          p.informed_at, p.restricted, p.anonymised_at, p.notes,
          coalesce((SELECT json_agg(json_build_object('id', a.id, 'organisation', a.organisation_id,
              'organisation_name', o.name, 'role', a.role, 'is_primary', a.is_primary,
              'started_on', a.started_on) ORDER BY a.id)
            FROM contacts_affiliation a JOIN contacts_organisation o ON o.id = a.organisation_id
            WHERE a.person_id = p.id AND a.ended_on IS NULL), '[]') AS current_affiliations,
          p.created_at, p.updated_at
        FROM contacts_person p ORDER BY p.last_name, p.first_name, p.id"""
    return _paged("contacts_person", "TRUE", [], rows, _size(params))


@floor("affiliation")
def affiliations(params: QueryDict, user: Any) -> list[Query]:
    """In the model's order: organisation (its folded name), primary first, person (name)."""
    rows = """
        SELECT a.id, a.person_id AS person, a.organisation_id AS organisation, a.role,
          a.started_on, a.ended_on, a.is_primary, a.created_at, a.updated_at
        FROM contacts_affiliation a JOIN contacts_organisation o ON o.id = a.organisation_id
        JOIN contacts_person p ON p.id = a.person_id
        ORDER BY o.search_name, o.id, a.is_primary DESC, p.last_name, p.first_name, p.id"""
    return _paged("contacts_affiliation", "TRUE", [], rows, _size(params))


@floor("ps-status")
def ps_statuses(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT s.id, s.organisation_id AS organisation, s.kind, s.decision_number,
          s.decision_date, s.granted_on, s.lost_on, s.purpose, s.created_at, s.updated_at
        FROM contacts_socialenterprisestatus s
        JOIN contacts_organisation o ON o.id = s.organisation_id
        ORDER BY o.search_name, o.id, s.granted_on DESC"""
    return _paged("contacts_socialenterprisestatus", "TRUE", [], rows, _size(params))


@floor("employment")
def employment(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT e.id, e.organisation_id AS organisation, e.as_of, e.employees,
          e.employees_at_risk, e.fte, e.created_at, e.updated_at
        FROM contacts_employmentsnapshot e
        JOIN contacts_organisation o ON o.id = e.organisation_id
        ORDER BY o.search_name, o.id, e.as_of DESC"""
    return _paged("contacts_employmentsnapshot", "TRUE", [], rows, _size(params))


# --- networks ------------------------------------------------------------------------------

MEMBERSHIP_COLUMNS = """
    m.id, m.organisation_id AS organisation, o.name AS organisation_name,
    m.network_id AS network, n.name AS network_name, m.joined_on, m.left_on, m.left_reason,
    m.role, m.representative_id AS representative, m.term_id AS term, m.source, m.created_at,
    m.updated_at"""


@floor("organisation-members-of")
def members_of(params: QueryDict, user: Any) -> list[Query]:
    organisation = _id(params)
    rows = f"""
        SELECT {MEMBERSHIP_COLUMNS} FROM networks_membership m
        JOIN contacts_organisation o ON o.id = m.organisation_id
        JOIN networks_network n ON n.id = m.network_id
        WHERE m.organisation_id = %s ORDER BY m.joined_on DESC, m.id DESC"""
    return _paged(
        "networks_membership m", "m.organisation_id = %s", [organisation], rows, _size(params)
    )


@floor("membership")
def memberships(params: QueryDict, user: Any) -> list[Query]:
    rows = f"""
        SELECT {MEMBERSHIP_COLUMNS} FROM networks_membership m
        JOIN contacts_organisation o ON o.id = m.organisation_id
        JOIN networks_network n ON n.id = m.network_id
        ORDER BY m.joined_on DESC, m.id DESC"""
    return _paged("networks_membership", "TRUE", [], rows, _size(params))


@floor("network")
def networks(params: QueryDict, user: Any) -> list[Query]:
    """Each network's members today from the (network, joined_on, left_on) index."""
    today = datetime.date.today()
    rows = """
        SELECT n.id, n.name, n.short_name, n.kind, s.slug AS subregion,
          n.coordinator_id AS coordinator, n.founded_on, n.closed_on, n.description,
          (SELECT count(DISTINCT m.organisation_id) FROM networks_membership m
           WHERE m.network_id = n.id AND m.joined_on <= %s
             AND (m.left_on IS NULL OR m.left_on > %s)) AS members_now,
          n.created_at, n.updated_at
        FROM networks_network n LEFT JOIN crm_subregion s ON s.id = n.subregion_id
        ORDER BY n.name, n.id"""
    return [
        ("count", "SELECT count(*) FROM networks_network", []),
        ("results", rows + " LIMIT %s", [today, today, _size(params)]),
    ]


@floor("partnership")
def partnerships(params: QueryDict, user: Any) -> list[Query]:
    today = datetime.date.today()
    rows = """
        SELECT p.id, p.title, p.kind,
          CASE WHEN p.starts_on > %s THEN 'planned' WHEN p.ends_on < %s THEN 'ended'
            ELSE 'active' END AS status,
          p.starts_on, p.ends_on, p.value_pln, p.description,
          (SELECT json_agg(json_build_object('organisation', x.organisation_id,
              'organisation_name', o.name, 'role', x.role) ORDER BY x.role, x.id)
           FROM networks_partnershipparty x JOIN contacts_organisation o
             ON o.id = x.organisation_id WHERE x.partnership_id = p.id) AS parties,
          p.origin_event_id AS origin_event, p.origin_interaction_id AS origin_interaction,
          p.created_at, p.updated_at
        FROM networks_partnership p ORDER BY p.starts_on DESC, p.id DESC"""
    return [
        ("count", "SELECT count(*) FROM networks_partnership", []),
        ("results", rows + " LIMIT %s", [today, today, _size(params)]),
    ]


# --- interactions --------------------------------------------------------------------------


@floor("interaction")
def interactions(params: QueryDict, user: Any) -> list[Query]:
    """The newest page from the occurred_at index, each with its four link lists."""
    rows = """
        SELECT i.id, i.kind, i.occurred_at, i.duration_minutes, i.subject, i.notes, i.outcome,
          ARRAY(SELECT x.organisation_id FROM interactions_interaction_organisations x
                WHERE x.interaction_id = i.id ORDER BY x.id) AS organisations,
          ARRAY(SELECT x.person_id FROM interactions_interaction_people x
                WHERE x.interaction_id = i.id ORDER BY x.id) AS people,
          ARRAY(SELECT x.user_id FROM interactions_interaction_staff x
                WHERE x.interaction_id = i.id ORDER BY x.id) AS staff,
          ARRAY(SELECT t.slug FROM interactions_interaction_topics x
                JOIN interactions_topic t ON t.id = x.topic_id
                WHERE x.interaction_id = i.id ORDER BY x.id) AS topics,
          i.created_by_id AS created_by, i.created_at, i.updated_at
        FROM interactions_interaction i ORDER BY i.occurred_at DESC, i.id DESC"""
    return _paged("interactions_interaction", "TRUE", [], rows, _size(params))


@floor("event")
def events(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT e.id, e.kind, e.title, e.starts_on, e.ends_on, g.code AS gmina, e.address,
          e.organiser_id AS organiser, e.description, c.participants, c.attended, c.no_show,
          e.created_by_id AS created_by, e.created_at, e.updated_at
        FROM interactions_event e LEFT JOIN crm_gmina g ON g.id = e.gmina_id
        CROSS JOIN LATERAL (SELECT count(*) AS participants,
            count(*) FILTER (WHERE status = 'attended') AS attended,
            count(*) FILTER (WHERE status = 'no_show') AS no_show
          FROM interactions_participation WHERE event_id = e.id) AS c
        ORDER BY e.starts_on DESC, e.id DESC"""
    return _paged("interactions_event", "TRUE", [], rows, _size(params))


@floor("participation")
def participations(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT p.id, p.event_id AS event, p.person_id AS person,
          p.organisation_id AS organisation, p.status, p.notes, p.created_at, p.updated_at
        FROM interactions_participation p JOIN interactions_event e ON e.id = p.event_id
        ORDER BY e.starts_on DESC, e.id DESC, p.id"""
    return _paged("interactions_participation", "TRUE", [], rows, _size(params))


@floor("follow-up")
def follow_ups(params: QueryDict, user: Any) -> list[Query]:
    where, args = "TRUE", []
    if params.get("status"):
        where, args = "f.status = %s", [params["status"]]
    rows = f"""
        SELECT f.id, f.title, f.notes, f.due_on, f.assignee_id AS assignee,
          f.organisation_id AS organisation, f.interaction_id AS interaction, f.status,
          f.done_at, f.created_by_id AS created_by, f.created_at, f.updated_at
        FROM interactions_followup f WHERE {where} ORDER BY f.due_on, f.id"""
    return _paged("interactions_followup f", where, args, rows, _size(params))


# --- territory, users, imports -------------------------------------------------------------


@floor("subregion")
def subregions(params: QueryDict, user: Any) -> list[Query]:
    rows = "SELECT id, slug, name FROM crm_subregion ORDER BY name"
    return _paged("crm_subregion", "TRUE", [], rows, _size(params))


@floor("powiat")
def powiats(params: QueryDict, user: Any) -> list[Query]:
    rows = "SELECT code, name, is_city, valid_from, valid_to FROM crm_powiat ORDER BY code"
    return _paged("crm_powiat", "TRUE", [], rows, _size(params))


@floor("gmina")
def gminas(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT g.code, g.name, g.kind, p.code AS powiat, s.slug AS subregion, g.valid_from,
          g.valid_to
        FROM crm_gmina g JOIN crm_powiat p ON p.id = g.powiat_id
        LEFT JOIN crm_subregion s ON s.id = g.subregion_id ORDER BY g.code"""
    return _paged("crm_gmina", "TRUE", [], rows, _size(params))


@floor("user")
def users(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT id, username, trim(first_name || ' ' || last_name) AS display_name FROM crm_user
        WHERE is_active ORDER BY username"""
    return _paged("crm_user", "is_active", [], rows, _size(params))


@floor("import-batch")
def import_batches(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT id, source, original_name, file_type, size, status, counts, headers, mapping,
          header_row, encoding, delimiter, sheet, user_id AS user, created_at
        FROM imports_importbatch ORDER BY created_at DESC, id DESC"""
    return _paged("imports_importbatch", "TRUE", [], rows, _size(params))


# --- pages and the timeline ----------------------------------------------------------------

LOCAL = "'Europe/Warsaw'"


def _timeline(organisation: int, n: int) -> list[Query]:
    """The newest ``n`` facts of each source, merged: one UNION ALL and one count."""
    day = f"::timestamp AT TIME ZONE {LOCAL}"
    sources = [
        f"""SELECT s.granted_on{day} AS at, 'ps_status_granted' AS kind, s.kind AS summary, s.id
            FROM contacts_socialenterprisestatus s WHERE s.organisation_id = %(o)s
            ORDER BY s.granted_on DESC, s.id DESC LIMIT %(n)s""",
        f"""SELECT s.lost_on{day}, 'ps_status_lost', s.kind, s.id
            FROM contacts_socialenterprisestatus s
            WHERE s.organisation_id = %(o)s AND s.lost_on IS NOT NULL
            ORDER BY s.lost_on DESC, s.id DESC LIMIT %(n)s""",
        """SELECT h.history_date, 'record', h.history_type, h.history_id
            FROM contacts_historicalorganisation h WHERE h.id = %(o)s
            ORDER BY h.history_date DESC, h.history_id DESC LIMIT %(n)s + 1""",
        f"""SELECT m.joined_on{day}, 'membership_joined', n.name, m.id
            FROM networks_membership m JOIN networks_network n ON n.id = m.network_id
            WHERE m.organisation_id = %(o)s ORDER BY m.joined_on DESC, m.id DESC LIMIT %(n)s""",
        f"""SELECT m.left_on{day}, 'membership_left', n.name, m.id
            FROM networks_membership m JOIN networks_network n ON n.id = m.network_id
            WHERE m.organisation_id = %(o)s AND m.left_on IS NOT NULL
            ORDER BY m.left_on DESC, m.id DESC LIMIT %(n)s""",
        f"""SELECT p.starts_on{day}, 'partnership', p.title, p.id FROM networks_partnership p
            WHERE EXISTS (SELECT FROM networks_partnershipparty x
                          WHERE x.partnership_id = p.id AND x.organisation_id = %(o)s)
            ORDER BY p.starts_on DESC, p.id DESC LIMIT %(n)s""",
        """SELECT i.occurred_at, 'interaction', i.kind || ': ' || i.subject, i.id
            FROM interactions_interaction_organisations x
            JOIN interactions_interaction i ON i.id = x.interaction_id
            WHERE x.organisation_id = %(o)s
            ORDER BY x.occurred_at DESC, x.interaction_id DESC LIMIT %(n)s""",
        f"""SELECT e.starts_on{day}, 'participation', e.title || ' — ' || p.status, p.id
            FROM interactions_participation p JOIN interactions_event e ON e.id = p.event_id
            WHERE p.organisation_id = %(o)s
            ORDER BY e.starts_on DESC, p.id DESC LIMIT %(n)s""",
    ]
    union = " UNION ALL ".join(f"({sql})" for sql in sources)
    counts = """SELECT
        (SELECT count(*) FROM contacts_socialenterprisestatus WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM contacts_socialenterprisestatus
         WHERE organisation_id = %(o)s AND lost_on IS NOT NULL)
      + (SELECT count(*) FROM contacts_historicalorganisation WHERE id = %(o)s)
      + (SELECT count(*) FROM networks_membership WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM networks_membership
         WHERE organisation_id = %(o)s AND left_on IS NOT NULL)
      + (SELECT count(*) FROM networks_partnershipparty WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM interactions_interaction_organisations
         WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM interactions_participation WHERE organisation_id = %(o)s)"""
    args = {"o": organisation, "n": n}
    return [
        ("count", counts, args),
        ("results", f"SELECT * FROM ({union}) t ORDER BY 1 DESC, 2 DESC, 4 DESC LIMIT %(n)s", args),
    ]


@floor("organisation-timeline")
def timeline(params: QueryDict, user: Any) -> list[Query]:
    return _timeline(_id(params), min(int(params.get("page_size") or 25), 100))


@floor("organisation_page")
def organisation_page(params: QueryDict, user: Any) -> list[Query]:
    """What the organisation page shows: the record, its statuses, employment, people,
    networks, partnerships, the ten latest contacts and 30 timeline items."""
    organisation = _id(params)
    one = [organisation]
    today = datetime.date.today()
    return [
        *organisation_detail(params, user),
        (
            "statuses",
            "SELECT * FROM contacts_socialenterprisestatus WHERE organisation_id = %s"
            " ORDER BY granted_on DESC",
            one,
        ),
        (
            "employment",
            "SELECT * FROM contacts_employmentsnapshot WHERE organisation_id = %s ORDER BY as_of",
            one,
        ),
        (
            "people",
            """SELECT a.*, p.first_name, p.last_name, p.email, p.phone
               FROM contacts_affiliation a JOIN contacts_person p ON p.id = a.person_id
               WHERE a.organisation_id = %s
               ORDER BY a.is_primary DESC, a.ended_on, p.last_name, a.id""",
            one,
        ),
        (
            "operated_units",
            "SELECT id, name FROM contacts_organisation WHERE operator_id = %s"
            " ORDER BY search_name",
            one,
        ),
        (
            "memberships",
            """SELECT m.*, n.name AS network_name, t.label AS term_label,
                 p.first_name, p.last_name
               FROM networks_membership m JOIN networks_network n ON n.id = m.network_id
               LEFT JOIN networks_term t ON t.id = m.term_id
               LEFT JOIN contacts_person p ON p.id = m.representative_id
               WHERE m.organisation_id = %s ORDER BY m.joined_on DESC, m.id DESC""",
            one,
        ),
        (
            "partnerships",
            """SELECT p.id, p.title, p.kind, p.starts_on, p.ends_on, p.value_pln, x.role,
                 CASE WHEN p.starts_on > %s THEN 'planned' WHEN p.ends_on < %s THEN 'ended'
                   ELSE 'active' END AS status
               FROM networks_partnershipparty x
               JOIN networks_partnership p ON p.id = x.partnership_id
               WHERE x.organisation_id = %s ORDER BY p.starts_on DESC, p.id DESC""",
            [today, today, organisation],
        ),
        (
            "contacts",
            """SELECT i.id, i.kind, i.occurred_at, i.subject,
                 ARRAY(SELECT u.first_name || ' ' || u.last_name
                       FROM interactions_interaction_staff s JOIN crm_user u ON u.id = s.user_id
                       WHERE s.interaction_id = i.id) AS staff,
                 ARRAY(SELECT o.name FROM interactions_interaction_organisations y
                       JOIN contacts_organisation o ON o.id = y.organisation_id
                       WHERE y.interaction_id = i.id) AS organisations
               FROM interactions_interaction_organisations x
               JOIN interactions_interaction i ON i.id = x.interaction_id
               WHERE x.organisation_id = %s
               ORDER BY x.occurred_at DESC, x.interaction_id DESC LIMIT 10""",
            one,
        ),
        *[(f"timeline_{key}", sql, args) for key, sql, args in _timeline(organisation, 30)],
    ]


@floor("dashboard")
def dashboard(params: QueryDict, user: Any) -> list[Query]:
    """The manager's start page: open follow-ups, the eight latest own contacts, the five
    headline counts and the growth of the networks per quarter over three years."""
    today = datetime.date.today()
    year_start = datetime.date(today.year, 1, 1)
    window_start = datetime.date(today.year - 2, 1, 1)
    pes = "('" + "', '".join(sorted(PES)) + "')"
    return [
        (
            "agenda",
            """SELECT f.id, f.title, f.due_on, o.name AS organisation FROM interactions_followup f
               LEFT JOIN contacts_organisation o ON o.id = f.organisation_id
               WHERE f.assignee_id = %s AND f.status = 'open' ORDER BY f.due_on, f.id""",
            [user.pk],
        ),
        (
            "recent",
            """SELECT i.id, i.kind, i.occurred_at, i.subject,
                 ARRAY(SELECT o.name FROM interactions_interaction_organisations y
                       JOIN contacts_organisation o ON o.id = y.organisation_id
                       WHERE y.interaction_id = i.id) AS organisations
               FROM interactions_interaction i
               JOIN interactions_interaction_staff x ON x.interaction_id = i.id
               WHERE x.user_id = %s ORDER BY i.occurred_at DESC, i.id DESC LIMIT 8""",
            [user.pk],
        ),
        (
            "headline",
            f"""SELECT
                 (SELECT count(*) FROM contacts_organisation WHERE kind IN {pes}
                    AND (founded_on IS NULL OR founded_on <= %(d)s)
                    AND (closed_on IS NULL OR closed_on > %(d)s)) AS pes,
                 (SELECT count(DISTINCT s.organisation_id) FROM contacts_socialenterprisestatus s
                    JOIN contacts_organisation o ON o.id = s.organisation_id
                    WHERE s.kind = 'statutory' AND s.granted_on <= %(d)s
                    AND (s.lost_on IS NULL OR s.lost_on >= %(d)s)
                    AND (o.closed_on IS NULL OR o.closed_on > %(d)s)) AS social_enterprises,
                 (SELECT count(*) FROM networks_network
                    WHERE closed_on IS NULL OR closed_on > %(d)s) AS networks,
                 (SELECT count(DISTINCT organisation_id) FROM networks_membership
                    WHERE joined_on <= %(d)s AND (left_on IS NULL OR left_on > %(d)s))
                    AS members,
                 (SELECT count(*) FROM interactions_interaction
                    WHERE occurred_at >= %(y)s::timestamp AT TIME ZONE {LOCAL})
                    AS interactions_this_year""",
            {"d": today, "y": year_start},
        ),
        (
            "growth",
            # Members at each quarter end, per network and per subregion and per kind, from
            # the memberships that overlap the window (the joins and leaves are the same
            # query's FILTERs in the application; counted here as the active ones).
            """WITH ends AS (
                 SELECT (q + interval '3 months' - interval '1 day')::date AS day
                 FROM generate_series(%(w)s::date, %(d)s::date, interval '3 months') AS q),
               m AS (SELECT m.network_id, m.organisation_id, m.joined_on, m.left_on,
                       o.kind, g.subregion_id
                     FROM networks_membership m
                     JOIN contacts_organisation o ON o.id = m.organisation_id
                     LEFT JOIN crm_gmina g ON g.id = o.gmina_id
                     WHERE m.joined_on <= %(d)s AND (m.left_on IS NULL OR m.left_on >= %(w)s))
               SELECT e.day, m.network_id, m.subregion_id, m.kind,
                 count(DISTINCT m.organisation_id) AS active
               FROM ends e JOIN m ON m.joined_on <= e.day
                 AND (m.left_on IS NULL OR m.left_on > e.day)
               GROUP BY GROUPING SETS ((e.day, m.network_id), (e.day, m.subregion_id),
                                       (e.day, m.kind))""",
            {"d": today, "w": window_start},
        ),
    ]


PES = {
    "social_cooperative", "wtz", "zaz", "cis", "kis", "work_cooperative", "agri_cooperative",
    "foundation", "association", "church_entity", "jst_association", "nonprofit_company", "kgw",
}  # fmt: skip


@floor("catalogue")
def catalogue(params: QueryDict, user: Any) -> list[Query]:
    """The public catalogue's first page of 30, its count and the kinds in it."""
    today = datetime.date.today()
    pes = "('" + "', '".join(sorted(PES)) + "')"
    listed = f"""
        SELECT o.* FROM contacts_organisation o
        WHERE o.is_public AND (o.closed_on IS NULL OR o.closed_on > %(d)s)
          AND (o.kind IN {pes} OR EXISTS (SELECT FROM contacts_socialenterprisestatus s
               WHERE s.organisation_id = o.id AND s.granted_on <= %(d)s
                 AND (s.lost_on IS NULL OR s.lost_on > %(d)s)))"""
    args = {"d": today}
    return [
        ("count", f"SELECT count(*) FROM ({listed}) AS l", args),
        (
            "results",
            f"""SELECT l.id, l.name, l.kind, l.offer, l.website, l.email, l.phones, l.street,
                  l.postal_code, l.town, g.name AS gmina, p.name AS powiat, s.slug, s.name
                FROM ({listed}) AS l LEFT JOIN crm_gmina g ON g.id = l.gmina_id
                LEFT JOIN crm_powiat p ON p.id = g.powiat_id
                LEFT JOIN crm_subregion s ON s.id = g.subregion_id
                ORDER BY l.search_name, l.id LIMIT 30""",
            args,
        ),
        ("kinds", f"SELECT DISTINCT kind FROM ({listed}) AS l", args),
    ]
