"""The tie queries as they were before they were rewritten for speed (issue 15), kept to show
that the rewritten ones (``crm.top.monitoring.graph.edges``) find the same ties."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from crm.top.monitoring.graph.edges import (
    EVENT,
    INTERACTION,
    MEMBERSHIP,
    PARTNERSHIP,
)
from interactions.models import Event, Interaction, Participation, ParticipationStatus
from networks.models import Membership, Partnership, PartnershipParty

Found = set[tuple[int, int, int]]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _date(day: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _instant(day: datetime.date) -> Any:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def _rows(sql: str, params: list[Any], edge_type: str) -> Found:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(a, b, weight) for a, b, weight in cursor.fetchall()}


def membership_ties(start: datetime.date, end: datetime.date, max_group: int) -> Found:
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
    """
    bounds = [_date(end), _date(start)]
    return _rows(sql, bounds * 3 + [max_group], MEMBERSHIP)


def partnership_ties(start: datetime.date, end: datetime.date, max_group: int) -> Found:
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
    """
    return _rows(sql, [_date(end), _date(start), max_group], PARTNERSHIP)


def event_ties(start: datetime.date, end: datetime.date, max_group: int) -> Found:
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
    """
    params = [_date(start), _date(end), attended, attended, attended, max_group]
    return _rows(sql, params, EVENT)


def interaction_ties(start: datetime.date, end: datetime.date, max_group: int) -> Found:
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
    """
    params = [_instant(start), _instant(end + datetime.timedelta(days=1)), max_group]
    return _rows(sql, params, INTERACTION)


BEFORE = {
    MEMBERSHIP: membership_ties,
    PARTNERSHIP: partnership_ties,
    EVENT: event_ties,
    INTERACTION: interaction_ties,
}
