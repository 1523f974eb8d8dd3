"""What the cooperation graph says: brokers, components, ties across subregions and sectors.

Counted over the graph's arrays (``table.TieTable``) with numpy: at ten years of data networkx
took six seconds for the same numbers (``paths`` says how the betweenness stays networkx's).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from contacts.models import OrganisationKind
from crm.top.monitoring.graph import paths
from crm.top.monitoring.graph.paths import Floats
from crm.top.monitoring.graph.table import Ints, TieTable

# Exact betweenness costs one shortest-path search per node, each O(edges); above this many
# nodes it is estimated from a sample of source nodes (fixed seed, so the page does not
# flicker) sized to keep the work near ``BETWEENNESS_BUDGET`` edge visits.
EXACT_BETWEENNESS_LIMIT = 500
BETWEENNESS_BUDGET = 1_500_000
MIN_SAMPLE, MAX_SAMPLE = 20, 200
SEED = 2026
KIND_LABELS = dict(OrganisationKind.choices)


@dataclass
class Ranked:
    node: int
    label: str
    kind: str
    kind_label: str
    subregion: str
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass
class GraphMetrics:
    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    component_sizes: list[int]
    betweenness_sampled_from: int | None
    brokers: list[Ranked]
    most_connected: list[Ranked]
    crossing_subregions: int
    sector_pairs: list[tuple[str, str, int]]
    subregion_pairs: list[tuple[str, str, int]]
    betweenness: dict[int, float] = field(default_factory=dict, repr=False)
    degree_centrality: dict[int, float] = field(default_factory=dict, repr=False)


def betweenness(table: TieTable) -> tuple[Floats, int | None]:
    """Normalised betweenness centrality, per node; sampled (and the sample size returned)
    when big, from the sources ``nx.betweenness_centrality(graph, k=k, seed=SEED)`` picks."""
    indptr, indices = paths.adjacency(table.nodes, table.a, table.b)
    nodes = list(range(table.nodes))
    if table.nodes > EXACT_BETWEENNESS_LIMIT:
        per_source = max(table.edges, 1)
        k = max(MIN_SAMPLE, min(MAX_SAMPLE, BETWEENNESS_BUDGET // per_source))
        found = paths.betweenness_centrality(
            nodes, indptr, indices, k=min(k, table.nodes), seed=SEED
        )
        return np.array(list(found.values())), k
    return np.array(list(paths.betweenness_centrality(nodes, indptr, indices).values())), None


def _pairs(codes: list[str], a: Ints, b: Ints, *, crossing: bool) -> list[tuple[str, str, int]]:
    """How many edges join each pair of values (sector or subregion) of their ends, most
    first; ``crossing``: only pairs of two different values."""
    # A number per value in the order of the values (a dict: numpy sorts strings slowly).
    names = sorted(set(codes))
    number = {name: i for i, name in enumerate(names)}
    index = np.fromiter((number[code] for code in codes), dtype=np.int64, count=len(codes))
    ca, cb = index[a], index[b]
    low, high = np.minimum(ca, cb), np.maximum(ca, cb)
    if crossing:
        apart = low != high
        low, high = low[apart], high[apart]
    keys, counts = np.unique(low * len(names) + high, return_counts=True)
    found = [
        (str(names[k // len(names)]), str(names[k % len(names)]), int(n))
        for k, n in zip(keys.tolist(), counts.tolist(), strict=True)
    ]
    return sorted(found, key=lambda row: -row[2])


def table_metrics(table: TieTable, top: int = 20) -> GraphMetrics:
    count = table.nodes
    ids = table.ids
    degree = np.bincount(table.a, minlength=count) + np.bincount(table.b, minlength=count)
    centrality = degree / (count - 1) if count > 1 else np.zeros(count)
    between, sampled = betweenness(table)
    sizes = paths.component_sizes(count, table.a, table.b)

    def ranked(i: int) -> Ranked:
        kind = table.kinds[i]
        return Ranked(
            node=int(ids[i]),
            label=table.names[i],
            kind=kind,
            kind_label=str(KIND_LABELS.get(kind, kind)),
            subregion=table.subregions[i],
            degree=int(degree[i]),
            degree_centrality=round(float(centrality[i]), 4),
            betweenness=round(float(between[i]), 4),
        )

    # Equal betweenness (to rounding: sums in another order differ in the last bits) goes to
    # the smaller id, as it did; lexsort sorts by its last key first.
    brokers = np.lexsort((ids, -np.round(between, 12)))[:top].tolist()
    connected = np.lexsort((ids, -degree))[:top].tolist()
    subregion_pairs = _pairs(table.subregions, table.a, table.b, crossing=True)
    id_list = ids.tolist()
    return GraphMetrics(
        nodes=count,
        edges=table.edges,
        density=round(2 * table.edges / (count * (count - 1)), 5) if count > 1 else 0.0,
        components=len(sizes),
        largest_component=sizes[0] if sizes else 0,
        component_sizes=sizes[:10],
        betweenness_sampled_from=sampled,
        brokers=[ranked(int(i)) for i in brokers],
        most_connected=[ranked(int(i)) for i in connected],
        crossing_subregions=sum(n for _a, _b, n in subregion_pairs),
        sector_pairs=_pairs(table.sectors, table.a, table.b, crossing=False),
        subregion_pairs=subregion_pairs,
        betweenness=dict(zip(id_list, between.tolist(), strict=True)),
        degree_centrality=dict(zip(id_list, centrality.tolist(), strict=True)) if count > 1 else {},
    )


def graph_metrics(graph: nx.Graph, top: int = 20) -> GraphMetrics:
    """``table_metrics`` of a networkx graph (its nodes are organisation ids)."""
    return table_metrics(TieTable.from_networkx(graph), top)
