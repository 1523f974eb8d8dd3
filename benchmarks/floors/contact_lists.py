"""The floors of the contacts lists: organisations, people, affiliations, statuses, employment."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import Query, _id, _paged, _size, floor, tags


def _sector() -> str:
    """The organisation's sector from its kind (``sector_of``), as the database would say it."""
    from contacts.models import OrganisationKind
    from contacts.models.kinds import sector_of

    whens = " ".join(f"WHEN '{kind}' THEN '{sector_of(kind)}'" for kind in OrganisationKind.values)
    return f"CASE o.kind {whens} ELSE '{sector_of('')}' END"


@cache
def organisation_columns() -> str:
    """What the organisation endpoints show of a row, as they show it (read when first asked:
    the sector's CASE needs the models). phones is jsonb, which Django's connection leaves as
    text: ::json gives the list the API shows."""
    return f"""
    o.id, {tags("contacts_organisation_tags", "x.organisation_id = o.id")} AS tags, o.name,
    o.short_name, o.kind, o.legal_form, {_sector()} AS sector, o.nip, o.regon, o.krs,
    o.kgw_number, o.operator_id AS operator, o.street, o.postal_code, o.town, g.code AS gmina,
    p.code AS powiat, s.slug AS subregion, o.email, o.phones::json AS phones, o.website,
    o.offer, o.is_public,
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
        SELECT {organisation_columns()}
        FROM page JOIN contacts_organisation o ON o.id = page.id {ORGANISATION_JOINS}
        ORDER BY o.name, o.id"""
    return [
        ("count", f"SELECT count(*) FROM contacts_organisation o WHERE {where}", args),
        ("results", rows, [*args, size]),
    ]


@floor("organisation_detail")
def organisation_detail(params: QueryDict, user: Any) -> list[Query]:
    sql = f"""
        SELECT {organisation_columns()} FROM contacts_organisation o {ORGANISATION_JOINS}
        WHERE o.id = %s"""
    return [("results", sql, [_id(params)])]


@floor("person")
def people(params: QueryDict, user: Any) -> list[Query]:
    """People with their current affiliations (and each one's organisation name) in one query."""
    rows = f"""
        SELECT p.id, {tags("contacts_person_tags", "x.person_id = p.id")} AS tags,
          p.first_name, p.last_name, p.email, p.phone, p.legal_basis, p.source,
          p.informed_at, p.restricted, p.restricted_at, p.restriction_reason, p.anonymised_at,
          p.notes,
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
    """In the model's order: organisation (its name, id), primary first, person (name)."""
    rows = """
        SELECT a.id, a.person_id AS person, a.organisation_id AS organisation, a.role,
          a.started_on, a.ended_on, a.is_primary, a.created_at, a.updated_at
        FROM contacts_affiliation a JOIN contacts_organisation o ON o.id = a.organisation_id
        JOIN contacts_person p ON p.id = a.person_id
        ORDER BY o.name, o.id, a.is_primary DESC, p.last_name, p.first_name, p.id"""
    return _paged("contacts_affiliation", "TRUE", [], rows, _size(params))


@floor("ps-status")
def ps_statuses(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT s.id, s.organisation_id AS organisation, s.kind, s.decision_number,
          s.decision_date, s.granted_on, s.lost_on, s.purpose, s.created_at, s.updated_at
        FROM contacts_socialenterprisestatus s
        JOIN contacts_organisation o ON o.id = s.organisation_id
        ORDER BY o.name, o.id, s.granted_on DESC"""
    return _paged("contacts_socialenterprisestatus", "TRUE", [], rows, _size(params))


@floor("employment")
def employment(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT e.id, e.organisation_id AS organisation, e.as_of, e.employees,
          e.employees_at_risk, e.fte, e.created_at, e.updated_at
        FROM contacts_employmentsnapshot e
        JOIN contacts_organisation o ON o.id = e.organisation_id
        ORDER BY o.name, o.id, e.as_of DESC"""
    return _paged("contacts_employmentsnapshot", "TRUE", [], rows, _size(params))
