"""The graph as files analysts open in Gephi (GraphML, GEXF) or code reads (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import networkx as nx

FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
}


def graphml_lines(graph: nx.Graph) -> Iterator[str]:
    yield from nx.generate_graphml(graph)


def gexf_lines(graph: nx.Graph) -> Iterator[str]:
    yield from nx.generate_gexf(graph)


def as_json(graph: nx.Graph) -> dict[str, object]:
    return nx.node_link_data(graph, edges="edges")


def render(graph: nx.Graph, fmt: str) -> str:
    """Raises: KeyError for a format not in ``FORMATS``."""
    if fmt == "graphml":
        return "\n".join(graphml_lines(graph))
    if fmt == "gexf":
        return "\n".join(gexf_lines(graph))
    if fmt == "json":
        return json.dumps(as_json(graph), ensure_ascii=False)
    raise KeyError(fmt)
