"""The floors of the contact log's lists: interactions, events, participations, follow-ups."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import Query, _paged, _size, floor, tags


@floor("interaction")
def interactions(params: QueryDict, user: Any) -> list[Query]:
    """The newest page from the occurred_at index, each with its five link lists in the
    endpoint's order (each linked model's own)."""
    rows = f"""
        SELECT i.id, {tags("interactions_interaction_tags", "x.interaction_id = i.id")} AS tags,
          i.kind, i.occurred_at, i.duration_minutes, i.subject, i.notes, i.outcome,
          ARRAY(SELECT o.id FROM interactions_interaction_organisations x
                JOIN contacts_organisation o ON o.id = x.organisation_id
                WHERE x.interaction_id = i.id ORDER BY o.name, o.id) AS organisations,
          ARRAY(SELECT p.id FROM interactions_interaction_people x
                JOIN contacts_person p ON p.id = x.person_id
                WHERE x.interaction_id = i.id
                ORDER BY p.last_name, p.first_name, p.id) AS people,
          ARRAY(SELECT x.user_id FROM interactions_interaction_staff x
                WHERE x.interaction_id = i.id ORDER BY x.user_id) AS staff,
          ARRAY(SELECT t.slug FROM interactions_interaction_topics x
                JOIN interactions_topic t ON t.id = x.topic_id
                WHERE x.interaction_id = i.id ORDER BY t.position, t.slug) AS topics,
          i.created_by_id AS created_by, i.created_at, i.updated_at
        FROM interactions_interaction i ORDER BY i.occurred_at DESC, i.id DESC"""
    return _paged("interactions_interaction", "TRUE", [], rows, _size(params))


@floor("event")
def events(params: QueryDict, user: Any) -> list[Query]:
    rows = f"""
        SELECT e.id, {tags("interactions_event_tags", "x.event_id = e.id")} AS tags,
          e.kind, e.title, e.starts_on, e.ends_on, g.code AS gmina, e.address,
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
          f.organisation_id AS organisation, f.interaction_id AS interaction,
          f.event_id AS event, f.status, f.done_at, f.created_by_id AS created_by,
          f.assignee_notified_at, f.created_at, f.updated_at
        FROM interactions_followup f WHERE {where} ORDER BY f.due_on, f.id"""
    return _paged("interactions_followup f", where, args, rows, _size(params))
