"""The brokers the graph page names are the ones networkx names: the numpy betweenness gives
networkx's numbers, exact and sampled from the same sources."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from crm.top.monitoring.graph.paths import adjacency, betweenness_centrality


def _ours(graph: nx.Graph, **kwargs: object) -> dict[object, float]:
    nodes = list(graph.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    a = np.array([position[u] for u, _v in graph.edges], dtype=np.int64)
    b = np.array([position[v] for _u, v in graph.edges], dtype=np.int64)
    return betweenness_centrality(nodes, *adjacency(len(nodes), a, b), **kwargs)  # type: ignore[arg-type]


def _graphs() -> list[nx.Graph]:
    graphs = []
    for seed in range(4):
        graph = nx.gnm_random_graph(120, 200, seed=seed)
        graph.add_edge(500, 501)  # a second component
        graph.add_node(600)  # and a node with no tie
        # Organisation ids are neither dense nor in order.
        graphs.append(nx.relabel_nodes(graph, {n: (n * 7919) % 10007 for n in graph}))
    graphs.append(nx.barbell_graph(6, 3))
    graphs.append(nx.grid_2d_graph(6, 5))  # many shortest paths of equal length
    return graphs


@pytest.mark.parametrize("graph", _graphs())
@pytest.mark.parametrize("k", [None, 1, 15, "all"])
def test_betweenness_is_networkx_s_exact_and_sampled(graph: nx.Graph, k: object) -> None:
    sample = graph.number_of_nodes() if k == "all" else k
    expected = nx.betweenness_centrality(graph, k=sample, seed=2026)
    found = _ours(graph, k=sample, seed=2026)
    assert found.keys() == expected.keys()
    for node, value in expected.items():
        assert found[node] == pytest.approx(value, abs=1e-12, nan_ok=True), node


def test_tiny_graphs_are_not_scaled() -> None:
    assert _ours(nx.path_graph(2)) == {0: 0.0, 1: 0.0}
    assert _ours(nx.empty_graph(0)) == {}
