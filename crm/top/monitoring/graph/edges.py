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
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from contacts.models import Organisation, OrganisationLink
from interactions.models import Event, Interaction, Participation, ParticipationStatus
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


def _rows(sql: str, params: list[Any], edge_type: str) -> Iterator[Tie]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for a, b, weight in cursor.fetchall():
            yield Tie(a, b, edge_type, weight)


def membership_ties(start: datetime.date, end: datetime.date, max_group: int) -> Iterator[Tie]:
    """Pairs that were members of the same network at the same time within the period
    (``left_on`` is the first day outside); weight = the number of such networks."""
    m = _q(Membership._meta.db_table)
    in_period = "{t}.joined_on <= %s AND ({t}.left_on IS NULL OR {t}.left_on > %s)"
    sql = f"""
        SELECT m1.organisation_id, m2.organisation_id, COUNT(DISTINCT m1.network_id)
        FROM {m} m1
        JOIN {m} m2 ON m2.network_id = m1.network_id
            AND m1.organisation_id < m2.organisation_id
        WHERE {in_period.format(t="m1")} AND {in_period.format(t="m2")}
          AND (m1.left_on IS NULL OR m1.left_on > m2.joined_on)
          AND (m2.left_on IS NULL OR m2.left_on > m1.joined_on)
          AND m1.network_id IN (
              SELECT g.network_id FROM {m} g WHERE {in_period.format(t="g")}
              GROUP BY g.network_id HAVING COUNT(DISTINCT g.organisation_id) <= %s)
        GROUP BY m1.organisation_id, m2.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    bounds = [_date(end), _date(start)]
    return _rows(sql, bounds * 3 + [max_group], MEMBERSHIP)


def partnership_ties(start: datetime.date, end: datetime.date, max_group: int) -> Iterator[Tie]:
    """Pairs that are parties to the same partnership in force in the period (``ends_on`` is
    its last day); weight = the number of partnerships."""
    pp = _q(PartnershipParty._meta.db_table)
    p = _q(Partnership._meta.db_table)
    sql = f"""
        SELECT a.organisation_id, b.organisation_id, COUNT(DISTINCT a.partnership_id)
        FROM {pp} a
        JOIN {pp} b ON b.partnership_id = a.partnership_id
            AND a.organisation_id < b.organisation_id
        JOIN {p} p ON p.id = a.partnership_id
        WHERE p.starts_on <= %s AND (p.ends_on IS NULL OR p.ends_on >= %s)
          AND a.partnership_id IN (
              SELECT g.partnership_id FROM {pp} g GROUP BY g.partnership_id
              HAVING COUNT(*) <= %s)
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    return _rows(sql, [_date(end), _date(start), max_group], PARTNERSHIP)


def event_ties(start: datetime.date, end: datetime.date, max_group: int) -> Iterator[Tie]:
    """Pairs of organisations that attended the same event begun in the period; weight = the
    number of such events."""
    pa = _q(Participation._meta.db_table)
    e = _q(Event._meta.db_table)
    attended = ParticipationStatus.ATTENDED
    sql = f"""
        SELECT a.organisation_id, b.organisation_id, COUNT(DISTINCT a.event_id)
        FROM {pa} a
        JOIN {pa} b ON b.event_id = a.event_id AND a.organisation_id < b.organisation_id
        JOIN {e} e ON e.id = a.event_id
        WHERE e.starts_on >= %s AND e.starts_on <= %s
          AND a.status = %s AND b.status = %s
          AND a.event_id IN (
              SELECT g.event_id FROM {pa} g WHERE g.status = %s
              GROUP BY g.event_id HAVING COUNT(DISTINCT g.organisation_id) <= %s)
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    params = [_date(start), _date(end), attended, attended, attended, max_group]
    return _rows(sql, params, EVENT)


def interaction_ties(start: datetime.date, end: datetime.date, max_group: int) -> Iterator[Tie]:
    """Pairs of organisations in the same contact (e.g. a joint meeting) in the period; weight
    = the number of such contacts."""
    through = Interaction.organisations.through
    t = _q(through._meta.db_table)
    i = _q(Interaction._meta.db_table)
    sql = f"""
        SELECT a.organisation_id, b.organisation_id, COUNT(DISTINCT a.interaction_id)
        FROM {t} a
        JOIN {t} b ON b.interaction_id = a.interaction_id
            AND a.organisation_id < b.organisation_id
        JOIN {i} i ON i.id = a.interaction_id
        WHERE i.occurred_at >= %s AND i.occurred_at < %s
          AND a.interaction_id IN (
              SELECT g.interaction_id FROM {t} g GROUP BY g.interaction_id
              HAVING COUNT(*) <= %s)
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - only table names from the models are formatted in
    params = [_instant(start), _instant(end + datetime.timedelta(days=1)), max_group]
    return _rows(sql, params, INTERACTION)


def organisational_ties(start: datetime.date, end: datetime.date, max_group: int) -> Iterator[Tie]:
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
