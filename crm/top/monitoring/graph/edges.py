"""The ties between organisations, counted in SQL: each kind of tie is one self-join grouped by
the pair ``(a, b)`` with ``a < b``, so Python only ever sees one row per tied pair.

The organisational ties (operator, founder, OWES support) are pairs already, never groups.
Groups larger than ``max_group`` (a regional network of hundreds, a fair) are left out of the
pairs: they would add a clique of every member with every other, which says little about who
works with whom and costs the square of their size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from contacts.models import Organisation, OrganisationLink
from crm.top.monitoring.models import ContactLink
from interactions.models import Event, Participation, ParticipationStatus
from networks.models import Membership, Partnership, PartnershipParty

MEMBERSHIP = "membership"
PARTNERSHIP = "partnership"
EVENT = "event"
INTERACTION = "interaction"
ORGANISATIONAL = "organisational"
EDGE_TYPES = (MEMBERSHIP, PARTNERSHIP, EVENT, INTERACTION, ORGANISATIONAL)


class Tie(NamedTuple):
    a: int
    b: int
    type: str
    weight: int


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _date(day: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _instant(day: datetime.date) -> Any:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return connection.ops.adapt_datetimefield_value(moment)


@dataclass(frozen=True)
class TieRows:
    """One tie query, run when iterated (``Tie`` by ``Tie``) or fetched as bare rows."""

    sql: str
    params: list[Any]
    type: str

    def fetch(self) -> list[tuple[int, int, int]]:
        """The rows ``(a, b, weight)``."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            return cursor.fetchall()  # type: ignore[return-value]

    def __iter__(self) -> Iterator[Tie]:
        for a, b, weight in self.fetch():
            yield Tie(a, b, self.type, weight)


def _rows(sql: str, params: list[Any], edge_type: str) -> TieRows:
    return TieRows(sql, params, edge_type)


def membership_ties(start: datetime.date, end: datetime.date, max_group: int) -> TieRows:
    """Pairs that were members of the same network at the same time within the period
    (``left_on`` is the first day outside); weight = the number of such networks."""
    m = _q(Membership._meta.db_table)
    # The memberships of the period are read once; only the networks small enough to count
    # are paired (the large regional ones hold most memberships and give no pairs).
    sql = f"""
        WITH present AS (
            SELECT organisation_id, network_id, joined_on, left_on FROM {m}
            WHERE joined_on <= %s AND (left_on IS NULL OR left_on > %s)
        ), small AS (
            SELECT network_id FROM present GROUP BY network_id
            HAVING COUNT(DISTINCT organisation_id) <= %s
        )
        SELECT m1.organisation_id, m2.organisation_id, COUNT(DISTINCT m1.network_id)
        FROM present m1
        JOIN present m2 ON m2.network_id = m1.network_id
            AND m1.organisation_id < m2.organisation_id
        WHERE m1.network_id IN (SELECT network_id FROM small)
          AND (m1.left_on IS NULL OR m1.left_on > m2.joined_on)
          AND (m2.left_on IS NULL OR m2.left_on > m1.joined_on)
        GROUP BY m1.organisation_id, m2.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    return _rows(sql, [_date(end), _date(start), max_group], MEMBERSHIP)


def partnership_ties(start: datetime.date, end: datetime.date, max_group: int) -> TieRows:
    """Pairs that are parties to the same partnership in force in the period (``ends_on`` is
    its last day); weight = the number of partnerships."""
    pp = _q(PartnershipParty._meta.db_table)
    p = _q(Partnership._meta.db_table)
    # A party is once per partnership (``party_once_per_partnership``): a pair is once too,
    # so counting rows counts partnerships.
    sql = f"""
        WITH parties AS (
            SELECT pp.partnership_id, pp.organisation_id
            FROM {p} p JOIN {pp} pp ON pp.partnership_id = p.id
            WHERE p.starts_on <= %s AND (p.ends_on IS NULL OR p.ends_on >= %s)
        ), small AS (
            SELECT partnership_id FROM parties GROUP BY partnership_id
            HAVING COUNT(*) BETWEEN 2 AND %s
        )
        SELECT a.organisation_id, b.organisation_id, COUNT(*)
        FROM parties a
        JOIN parties b ON b.partnership_id = a.partnership_id
            AND a.organisation_id < b.organisation_id
        WHERE a.partnership_id IN (SELECT partnership_id FROM small)
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    return _rows(sql, [_date(end), _date(start), max_group], PARTNERSHIP)


def event_ties(start: datetime.date, end: datetime.date, max_group: int) -> TieRows:
    """Pairs of organisations that attended the same event begun in the period; weight = the
    number of such events."""
    pa = _q(Participation._meta.db_table)
    e = _q(Event._meta.db_table)
    # An organisation attends through several people: each (event, organisation) once, so
    # that counting rows counts events.
    sql = f"""
        WITH attended AS (
            SELECT DISTINCT pa.event_id, pa.organisation_id
            FROM {e} e JOIN {pa} pa ON pa.event_id = e.id
            WHERE e.starts_on >= %s AND e.starts_on <= %s
              AND pa.status = %s AND pa.organisation_id IS NOT NULL
        ), small AS (
            SELECT event_id FROM attended GROUP BY event_id HAVING COUNT(*) BETWEEN 2 AND %s
        )
        SELECT a.organisation_id, b.organisation_id, COUNT(*)
        FROM attended a
        JOIN attended b ON b.event_id = a.event_id AND a.organisation_id < b.organisation_id
        WHERE a.event_id IN (SELECT event_id FROM small)
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    params = [_date(start), _date(end), ParticipationStatus.ATTENDED, max_group]
    return _rows(sql, params, EVENT)


def interaction_ties(start: datetime.date, end: datetime.date, max_group: int) -> TieRows:
    """Pairs of organisations in the same contact (e.g. a joint meeting) in the period; weight
    = the number of such contacts."""
    # The contact log's copy kept by triggers (``ContactLink``: a link with its contact's
    # time) gives the period's links as one index range, instead of joining the period's
    # contacts to ten years of links. Each contact's links are counted in the same pass;
    # only contacts of two organisations or more are paired, and a pair is once per contact
    # (a link is unique), so counting rows counts contacts.
    links = _q(ContactLink._meta.db_table)
    sql = f"""
        WITH links AS (
            SELECT interaction_id, organisation_id,
                   COUNT(*) OVER (PARTITION BY interaction_id) AS size
            FROM {links}
            WHERE occurred_at >= %s AND occurred_at < %s
        ), joint AS (
            SELECT interaction_id, organisation_id FROM links WHERE size BETWEEN 2 AND %s
        )
        SELECT a.organisation_id, b.organisation_id, COUNT(*)
        FROM joint a
        JOIN joint b ON b.interaction_id = a.interaction_id
            AND a.organisation_id < b.organisation_id
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    params = [_instant(start), _instant(end + datetime.timedelta(days=1)), max_group]
    return _rows(sql, params, INTERACTION)


def organisational_ties(start: datetime.date, end: datetime.date, max_group: int) -> TieRows:
    """Pairs tied by how they are organised, in the period: an operator and the unit it runs
    (while the unit exists), a founder and what it founded, an OWES and a PES it supports
    (``ended_on`` is the first day outside); weight = the number of such ties."""
    o = _q(Organisation._meta.db_table)
    link = _q(OrganisationLink._meta.db_table)
    sql = f"""
        SELECT CASE WHEN t.a < t.b THEN t.a ELSE t.b END,
               CASE WHEN t.a < t.b THEN t.b ELSE t.a END,
               COUNT(*)
        FROM (
            SELECT u.id AS a, u.operator_id AS b FROM {o} u
            WHERE u.operator_id IS NOT NULL
              AND (u.founded_on IS NULL OR u.founded_on <= %s)
              AND (u.closed_on IS NULL OR u.closed_on > %s)
            UNION ALL
            SELECT l.organisation_id, l.other_id FROM {link} l
            WHERE (l.started_on IS NULL OR l.started_on <= %s)
              AND (l.ended_on IS NULL OR l.ended_on > %s)
        ) t
        GROUP BY CASE WHEN t.a < t.b THEN t.a ELSE t.b END,
                 CASE WHEN t.a < t.b THEN t.b ELSE t.a END
    """  # noqa: S608 - only table names from the models are formatted in
    bounds = [_date(end), _date(start)]
    return _rows(sql, bounds * 2, ORGANISATIONAL)


TIE_QUERIES = {
    MEMBERSHIP: membership_ties,
    PARTNERSHIP: partnership_ties,
    EVENT: event_ties,
    INTERACTION: interaction_ties,
    ORGANISATIONAL: organisational_ties,
}
