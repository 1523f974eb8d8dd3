"""The cooperation graph: organisations as nodes, typed and weighted ties as edges."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.utils import timezone

from contacts.models import Organisation, sector_of
from crm.monitoring.graph.edges import EDGE_TYPES, TIE_QUERIES, Tie

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
        rows = Organisation.objects.filter(pk__in=wanted[offset : offset + CHUNK]).values_list(
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

    def keep(tie: Tie) -> bool:
        a, b = info.get(tie.a), info.get(tie.b)
        if a is None or b is None:
            return False
        if kinds and (a.kind not in kinds or b.kind not in kinds):
            return False
        return not query.subregion or query.subregion in (a.subregion, b.subregion)

    graph = nx.Graph()
    built = BuiltGraph(graph=graph, query=query, ties_read=len(ties))
    for tie in ties:
        if not keep(tie):
            continue
        for node in (tie.a, tie.b):
            if node not in graph:
                n = info[node]
                graph.add_node(
                    node,
                    label=n.name,
                    kind=n.kind,
                    sector=n.sector,
                    subregion=n.subregion,
                    gmina=n.gmina,
                )
        if graph.has_edge(tie.a, tie.b):
            data = graph.edges[tie.a, tie.b]
        else:
            graph.add_edge(tie.a, tie.b, weight=0, types="")
            data = graph.edges[tie.a, tie.b]
            data.update({f"w_{t}": 0 for t in EDGE_TYPES})
        data["weight"] += tie.weight
        data[f"w_{tie.type}"] += tie.weight
        data["types"] = ",".join(t for t in EDGE_TYPES if data[f"w_{t}"])
        built.type_counts[tie.type] = built.type_counts.get(tie.type, 0) + 1
    return built
