"""Shortest-path betweenness in numpy: the same numbers as ``nx.betweenness_centrality``.

networkx walks every shortest-path tree node by node in Python: at ten years of data (33,000
organisations) its sampled betweenness took six seconds of the graph page. Here each tree is
grown a whole level at a time over the graph's adjacency arrays (Brandes' algorithm, unweighted,
endpoints excluded, normalised), so one source costs a few vectorised passes over the edges.
The sources of a sample are the ones networkx would pick for the same seed, and the scaling is
its ``_rescale``: ``tests/monitoring/test_graph_paths.py`` compares both on random graphs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def adjacency(count: int, a: Ints, b: Ints) -> tuple[Ints, Ints]:
    """Compressed rows (``indptr``, ``indices``) of the undirected edges ``a[i]``–``b[i]``."""
    tails = np.concatenate([a, b])
    heads = np.concatenate([b, a])
    order = np.argsort(tails, kind="stable")
    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=count), out=indptr[1:])
    return indptr, heads[order].astype(np.int64)


def _dependencies(indptr: Ints, indices: Ints, source: int) -> Floats:
    """How much each node lies on the shortest paths from ``source`` (Brandes' delta)."""
    count = len(indptr) - 1
    depth = np.full(count, -1, dtype=np.int64)
    sigma = np.zeros(count)
    depth[source], sigma[source] = 0, 1.0
    frontier = np.array([source], dtype=np.int64)
    steps: list[tuple[Ints, Ints]] = []
    level = 0
    while frontier.size:
        starts = indptr[frontier]
        degrees = indptr[frontier + 1] - starts
        total = int(degrees.sum())
        if total == 0:
            break
        # Every (parent, neighbour) pair of the frontier, without a Python loop over nodes.
        firsts = np.cumsum(degrees) - degrees
        positions = np.arange(total) + np.repeat(starts - firsts, degrees)
        parents = np.repeat(frontier, degrees)
        children = indices[positions]
        fresh = children[depth[children] == -1]
        depth[fresh] = level + 1
        down = depth[children] == level + 1
        parents, children = parents[down], children[down]
        sigma += np.bincount(children, weights=sigma[parents], minlength=count)
        steps.append((parents, children))
        frontier = np.flatnonzero(depth == level + 1)
        level += 1
    delta = np.zeros(count)
    for parents, children in reversed(steps):
        share = sigma[parents] / sigma[children] * (1.0 + delta[children])
        delta += np.bincount(parents, weights=share, minlength=count)
    delta[source] = 0.0
    return delta


def betweenness_centrality(
    nodes: Sequence[Hashable],
    indptr: Ints,
    indices: Ints,
    *,
    k: int | None = None,
    seed: int | None = None,
) -> dict[Hashable, float]:
    """Normalised betweenness of ``nodes`` (the adjacency's order), from every node or from
    ``k`` sampled with ``seed`` as ``nx.betweenness_centrality(graph, k=k, seed=seed)``
    samples them from ``list(graph.nodes)`` (pass the nodes in that order)."""
    count = len(nodes)
    if k == count:
        k = None  # networkx does the same: every node is a source
    if k is None:
        sources: list[int] = list(range(count))
    else:
        position = {node: i for i, node in enumerate(nodes)}
        sources = [position[node] for node in random.Random(seed).sample(list(nodes), k)]
    total = np.zeros(count)
    for source in sources:
        total += _dependencies(indptr, indices, source)
    scale = _scales(count, sources, k)
    return dict(zip(nodes, (total * scale).tolist(), strict=True))


def _scales(count: int, sources: list[int], k: int | None) -> Floats | float:
    """networkx's ``_rescale`` for an undirected graph, normalised, endpoints excluded."""
    pairs = count - 1
    if pairs < 2:
        return 1.0
    if k is None:
        return 1 / (pairs * (pairs - 1))
    scale = np.full(count, 1 / (k * (pairs - 1)))
    scale[sources] = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    return scale


def component_sizes(count: int, a: Ints, b: Ints) -> list[int]:
    """The sizes of the connected components, largest first (a node with no edge is one)."""
    # Each node points at the smallest node it is known to be connected to: hook every edge's
    # larger root under its smaller one, then shorten the pointers, until no edge joins two
    # roots (a few rounds, each a pass over the edges).
    parent = np.arange(count, dtype=np.int64)
    while True:
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        if not apart.any():
            break
        low, high = np.minimum(ra[apart], rb[apart]), np.maximum(ra[apart], rb[apart])
        np.minimum.at(parent, high, low)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    sizes = np.bincount(parent, minlength=count)
    return sorted(sizes[sizes > 0].tolist(), reverse=True)
