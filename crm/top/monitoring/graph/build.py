"""The cooperation graph: organisations as nodes, typed and weighted ties as edges."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.utils import timezone

from contacts.models import Organisation, sector_of
from crm import access
from crm.top.monitoring.graph.edges import EDGE_TYPES, TIE_QUERIES, Tie

# SQLite allows 32,766 parameters per statement: read node details in chunks below that.
CHUNK = 20_000


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
class NodeInfo:
    name: str
    kind: str
    sector: str
    subregion: str
    gmina: str


@dataclass
class BuiltGraph:
    graph: nx.Graph
    query: GraphQuery
    ties_read: int = 0
    type_counts: dict[str, int] = field(default_factory=dict)


def _node_info(ids: Iterable[int]) -> dict[int, NodeInfo]:
    wanted = sorted(set(ids))
    info: dict[int, NodeInfo] = {}
    for offset in range(0, len(wanted), CHUNK):
        chunk = Organisation.objects.filter(pk__in=wanted[offset : offset + CHUNK])
        # The graph's nodes: every organisation with a tie, whoever looks (monitoring.view).
        rows = access.scope_statistics(chunk).values_list(
            "pk", "name", "kind", "gmina__subregion__slug", "gmina__name"
        )
        for pk, name, kind, subregion, gmina in rows:
            info[pk] = NodeInfo(name, kind, str(sector_of(kind)), subregion or "", gmina or "")
    return info


def build_graph(query: GraphQuery) -> BuiltGraph:
    """Read the ties (one grouped query per tie type) and assemble the graph.

    Each edge carries ``weight`` (all ties together), one ``w_<type>`` per tie type and
    ``types`` (the tie types, comma-separated); nodes carry name, kind, sector, subregion, gmina.
    """
    ties: list[Tie] = []
    for edge_type in query.edge_types:
        ties.extend(TIE_QUERIES[edge_type](query.start, query.end, query.max_group))
    info = _node_info(x for tie in ties for x in (tie.a, tie.b))
    kinds = set(query.kinds)
    zero = {f"w_{t}": 0 for t in EDGE_TYPES}
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for a, b, edge_type, weight in ties:
        ia, ib = info.get(a), info.get(b)
        if ia is None or ib is None:
            continue
        if kinds and (ia.kind not in kinds or ib.kind not in kinds):
            continue
        if query.subregion and query.subregion not in (ia.subregion, ib.subregion):
            continue
        data = edges.get((a, b))
        if data is None:
            data = edges[(a, b)] = {"weight": 0, **zero}
        data["weight"] += weight
        data[f"w_{edge_type}"] += weight
        counts[edge_type] = counts.get(edge_type, 0) + 1
    for data in edges.values():
        data["types"] = ",".join(t for t in EDGE_TYPES if data[f"w_{t}"])
    nodes = {n for pair in edges for n in pair}
    graph = nx.Graph()
    graph.add_nodes_from(
        (
            n,
            {
                "label": info[n].name,
                "kind": info[n].kind,
                "sector": info[n].sector,
                "subregion": info[n].subregion,
                "gmina": info[n].gmina,
            },
        )
        for n in sorted(nodes)
    )
    graph.add_edges_from((a, b, data) for (a, b), data in edges.items())
    built = BuiltGraph(graph=graph, query=query, ties_read=len(ties), type_counts=counts)
    return built
