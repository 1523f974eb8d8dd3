"""The floors of whole pages: the organisations page, an organisation's page, the start page
and the public catalogue."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import LOCAL, Query, _id, floor
from benchmarks.floors.contact_lists import organisation_detail, organisations
from benchmarks.floors.organisation_timeline import _timeline


@floor("organisation_search_page")
def organisation_search_page(params: QueryDict, user: Any) -> list[Query]:
    """The organisations page: what its table shows, a page of 50."""
    return organisations(params, user)


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
