"""What the graph page shows for a filter, kept until the data changes (``facts``).

Building the graph and measuring it takes seconds at ten years of data, so the page shows the
picture kept for its filter. When the data has changed since, the page shows the last picture
with its time and a task draws the new one; only a filter never drawn before is drawn while the
browser waits. Beat draws the default view (the last 365 days, everything) ahead of the first
page after a write.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from crm.top.monitoring import facts
from crm.top.monitoring.graph.build import GraphQuery
from crm.top.monitoring.graph.draw import draw_table
from crm.top.monitoring.graph.metrics import table_metrics
from crm.top.monitoring.graph.table import read_table


def _name(query: GraphQuery, language: str | None = None) -> str:
    """The picture's key: its filter and its language (the tooltips are written in it)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return f"graph:{language}:" + hashlib.sha256(repr(query).encode()).hexdigest()


def _draw(query: GraphQuery) -> dict[str, Any]:
    table = read_table(query)
    metrics = table_metrics(table)
    return {
        "metrics": dataclasses.replace(metrics, betweenness={}, degree_centrality={}),
        "drawing": draw_table(table),
        "type_counts": table.type_counts,
        "computed_at": timezone.now(),
    }


def draw_kept(query: GraphQuery) -> dict[str, Any]:
    """The picture of ``query`` at the current data version, drawn now unless kept (the ties
    take whole days, a contact logged for later today included: only a write changes it)."""
    return facts.kept(_name(query), facts.current(), lambda: _draw(query), facts.LONGEST)


def graph_picture(query: GraphQuery) -> dict[str, Any]:
    """The picture the page shows; ``outdated`` when the data changed after it was drawn (a
    task is drawing the new one)."""
    from crm.top.monitoring.tasks import monitoring_draw_graph_task

    name = _name(query)
    version = facts.current()
    if not facts.is_current(name, version):
        older = facts.latest(name, version)
        if older is not None:
            facts.queue_once(name, lambda: monitoring_draw_graph_task.delay(as_arguments(query)))
            return {**older, "outdated": True}
    return {**draw_kept(query), "outdated": False}


def as_arguments(query: GraphQuery) -> dict[str, Any]:
    """The query as a task's arguments (dates, slugs and codes: nothing personal)."""
    return {
        "start": query.start.isoformat(),
        "end": query.end.isoformat(),
        "subregion": query.subregion,
        "kinds": list(query.kinds),
        "edge_types": list(query.edge_types),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }


def from_arguments(arguments: dict[str, Any]) -> GraphQuery:
    return GraphQuery(
        start=datetime.date.fromisoformat(arguments["start"]),
        end=datetime.date.fromisoformat(arguments["end"]),
        subregion=arguments.get("subregion"),
        kinds=tuple(arguments.get("kinds") or ()),
        edge_types=tuple(arguments["edge_types"]),
    )


def draw_in_task(arguments: dict[str, Any]) -> None:
    query = from_arguments(arguments)
    with translation.override(arguments.get("language") or settings.LANGUAGE_CODE):
        try:
            draw_kept(query)
        finally:
            facts.counted(_name(query))


def refresh_default() -> bool:
    """Draw the default view ahead (beat). False when nothing may be kept now."""
    version = facts.current()
    if version is None or not version.storable:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        draw_kept(GraphQuery.last_year())
    return True
