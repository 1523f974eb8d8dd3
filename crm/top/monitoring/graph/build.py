"""The cooperation graph: organisations as nodes, typed and weighted ties as edges."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.utils import timezone

from crm.top.monitoring.graph.edges import EDGE_TYPES
from crm.top.monitoring.graph.table import read_table


@dataclass(frozen=True)
class GraphQuery:
    """What to draw: ties in ``[start, end]`` of ``edge_types``; ``subregion`` keeps the ties
    with at least one end in it; ``kinds`` keeps ties whose both ends are of those kinds."""

    start: datetime.date
    end: datetime.date
    subregion: str | None = None
    kinds: tuple[str, ...] = ()
    edge_types: tuple[str, ...] = EDGE_TYPES
    max_group: int = 150

    @classmethod
    def last_year(cls, **kwargs: Any) -> GraphQuery:
        today = timezone.localdate()
        return cls(start=today - datetime.timedelta(days=365), end=today, **kwargs)


@dataclass
class BuiltGraph:
    graph: nx.Graph
    query: GraphQuery
    ties_read: int = 0
    type_counts: dict[str, int] = field(default_factory=dict)


def build_graph(query: GraphQuery) -> BuiltGraph:
    """Read the ties (one grouped query per tie type) and assemble the graph.

    Each edge carries ``weight`` (all ties together), one ``w_<type>`` per tie type and
    ``types`` (the tie types, comma-separated); nodes carry name, kind, sector, subregion, gmina.
    The page measures and draws the arrays themselves (``table.read_table``).
    """
    table = read_table(query)
    return BuiltGraph(
        graph=table.as_networkx(),
        query=query,
        ties_read=table.ties_read,
        type_counts=table.type_counts,
    )
