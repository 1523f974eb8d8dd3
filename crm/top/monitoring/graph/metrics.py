"""What the cooperation graph says: brokers, components, ties across subregions and sectors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from contacts.models import OrganisationKind
from crm.top.monitoring.graph import paths

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


def betweenness(graph: nx.Graph) -> tuple[dict[Any, float], int | None]:
    """Normalised betweenness centrality; sampled (and the sample size returned) when big.

    The numbers of ``nx.betweenness_centrality(graph, k=k, seed=SEED)``, counted in numpy
    (``paths``): networkx took six seconds of the page at ten years of data."""
    nodes = list(graph.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    ends = np.fromiter(
        (position[end] for edge in graph.edges for end in edge),
        dtype=np.int64,
        count=2 * graph.number_of_edges(),
    )
    indptr, indices = paths.adjacency(len(nodes), ends[0::2], ends[1::2])
    if graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT:
        per_source = max(graph.number_of_edges(), 1)
        k = max(MIN_SAMPLE, min(MAX_SAMPLE, BETWEENNESS_BUDGET // per_source))
        sample = min(k, len(nodes))
        return paths.betweenness_centrality(nodes, indptr, indices, k=sample, seed=SEED), k
    return paths.betweenness_centrality(nodes, indptr, indices), None


def graph_metrics(graph: nx.Graph, top: int = 20) -> GraphMetrics:
    degree = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else {}
    between, sampled = betweenness(graph)
    sizes = sorted((len(c) for c in nx.connected_components(graph)), reverse=True)

    def ranked(node: int) -> Ranked:
        data = graph.nodes[node]
        return Ranked(
            node=node,
            label=data.get("label", str(node)),
            kind=data.get("kind", ""),
            kind_label=str(KIND_LABELS.get(data.get("kind", ""), data.get("kind", ""))),
            subregion=data.get("subregion", ""),
            degree=graph.degree(node),
            degree_centrality=round(degree.get(node, 0.0), 4),
            betweenness=round(between.get(node, 0.0), 4),
        )

    brokers = sorted(between, key=lambda n: (-between[n], n))[:top]
    connected = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:top]
    sectors: Counter[tuple[str, str]] = Counter()
    subregions: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges:
        na, nb = graph.nodes[a], graph.nodes[b]
        sa, sb = sorted((na.get("sector", ""), nb.get("sector", "")))
        sectors[(sa, sb)] += 1
        ra, rb = sorted((na.get("subregion", ""), nb.get("subregion", "")))
        if ra != rb:
            subregions[(ra, rb)] += 1
    return GraphMetrics(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=round(nx.density(graph), 5) if graph.number_of_nodes() > 1 else 0.0,
        components=len(sizes),
        largest_component=sizes[0] if sizes else 0,
        component_sizes=sizes[:10],
        betweenness_sampled_from=sampled,
        brokers=[ranked(n) for n in brokers],
        most_connected=[ranked(n) for n in connected],
        crossing_subregions=sum(subregions.values()),
        sector_pairs=sorted(((a, b, n) for (a, b), n in sectors.items()), key=lambda r: -r[2]),
        subregion_pairs=sorted(
            ((a, b, n) for (a, b), n in subregions.items()), key=lambda r: -r[2]
        ),
        betweenness=between,
        degree_centrality=degree,
    )
