"""The floors of the contact log's lists: interactions, events, participations, follow-ups."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import Query, _paged, _size, floor


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
