"""The organisation timeline's floor: the newest facts of every source the endpoint reads (PS
statuses, ties with other organisations, the record's history, memberships, partnerships,
contacts, participations, sent e-mails) in one UNION ALL."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import LOCAL, Query, _id, floor

# Its ties with other organisations either way (founded by / founder of, OWES support), each
# told with both names.
TIES = """FROM contacts_organisationlink l
            JOIN contacts_organisation a ON a.id = l.organisation_id
            JOIN contacts_organisation b ON b.id = l.other_id
            WHERE %(o)s IN (l.organisation_id, l.other_id)"""
TIE = "l.kind || ': ' || a.name || ', ' || b.name"


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
        f"""SELECT l.started_on{day}, 'link_started', {TIE}, l.id {TIES}
            AND l.started_on IS NOT NULL ORDER BY l.started_on DESC, l.id DESC LIMIT %(n)s""",
        f"""SELECT l.ended_on{day}, 'link_ended', {TIE}, l.id {TIES}
            AND l.ended_on IS NOT NULL ORDER BY l.ended_on DESC, l.id DESC LIMIT %(n)s""",
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
        """SELECT r.sent_at, 'email_sent',
              concat_ws(' ', p.first_name, p.last_name) || ': ' || r.subject, r.id
            FROM mailing_recipient r LEFT JOIN contacts_person p ON p.id = r.person_id
            WHERE r.organisation_id = %(o)s AND r.status = 'sent'
            ORDER BY r.sent_at DESC, r.id DESC LIMIT %(n)s""",
    ]
    union = " UNION ALL ".join(f"({sql})" for sql in sources)
    counts = """SELECT
        (SELECT count(*) FROM contacts_socialenterprisestatus WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM contacts_socialenterprisestatus
         WHERE organisation_id = %(o)s AND lost_on IS NOT NULL)
      + (SELECT count(*) FROM contacts_organisationlink
         WHERE %(o)s IN (organisation_id, other_id) AND started_on IS NOT NULL)
      + (SELECT count(*) FROM contacts_organisationlink
         WHERE %(o)s IN (organisation_id, other_id) AND ended_on IS NOT NULL)
      + (SELECT count(*) FROM contacts_historicalorganisation WHERE id = %(o)s)
      + (SELECT count(*) FROM networks_membership WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM networks_membership
         WHERE organisation_id = %(o)s AND left_on IS NOT NULL)
      + (SELECT count(*) FROM networks_partnershipparty WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM interactions_interaction_organisations
         WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM interactions_participation WHERE organisation_id = %(o)s)
      + (SELECT count(*) FROM mailing_recipient
         WHERE organisation_id = %(o)s AND status = 'sent')"""
    args = {"o": organisation, "n": n}
    return [
        ("count", counts, args),
        ("results", f"SELECT * FROM ({union}) t ORDER BY 1 DESC, 2 DESC, 4 DESC LIMIT %(n)s", args),
    ]


@floor("organisation-timeline")
def timeline(params: QueryDict, user: Any) -> list[Query]:
    return _timeline(_id(params), min(int(params.get("page_size") or 25), 100))
