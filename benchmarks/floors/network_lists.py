"""The floors of the networks lists: memberships, networks, partnerships."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import Query, _id, _paged, _size, floor, tags

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
    rows = f"""
        SELECT p.id, {tags("networks_partnership_tags", "x.partnership_id = p.id")} AS tags,
          p.title, p.kind,
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
