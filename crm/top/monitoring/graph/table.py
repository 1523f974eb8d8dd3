"""The cooperation graph as arrays: what the page measures and draws without networkx.

At ten years of data the graph has some 33,000 organisations and hundreds of thousands of
ties; a networkx graph of that size took seconds to assemble and to walk in Python (each edge
a dict of attributes). Here node ``i`` is organisation ``ids[i]`` (ascending) and edge ``j``
joins nodes ``a[j] < b[j]``, with its weight per tie type in ``weights``; grouping the ties into
edges and filtering them by kind and subregion are numpy operations. networkx only ever sees
the few nodes that are drawn, and the API's exports (``as_networkx``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from contacts.models import Organisation, sector_of
from crm import access
from crm.top.monitoring.graph.edges import EDGE_TYPES, TIE_QUERIES

Ints = npt.NDArray[np.int64]

# SQLite allows 32,766 parameters per statement: read node details in chunks below that.
CHUNK = 20_000


@dataclass
class TieTable:
    ids: Ints
    names: list[str]
    kinds: list[str]
    sectors: list[str]
    subregions: list[str]
    gminas: list[str]
    a: Ints
    b: Ints
    weights: dict[str, Ints]
    ties_read: int = 0
    type_counts: dict[str, int] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return len(self.ids)

    @property
    def edges(self) -> int:
        return len(self.a)

    @property
    def weight(self) -> Ints:
        """All ties of an edge together."""
        total = np.zeros(self.edges, dtype=np.int64)
        for values in self.weights.values():
            total += values
        return total

    def types(self, edge: int) -> str:
        """The tie types of edge ``edge``, comma-separated in ``EDGE_TYPES`` order."""
        return ",".join(t for t in EDGE_TYPES if self.weights[t][edge])

    def node_data(self, i: int) -> dict[str, Any]:
        return {
            "label": self.names[i],
            "kind": self.kinds[i],
            "sector": self.sectors[i],
            "subregion": self.subregions[i],
            "gmina": self.gminas[i],
        }

    def edge_data(self, j: int, total: Ints) -> dict[str, Any]:
        data: dict[str, Any] = {"weight": int(total[j])}
        data.update((f"w_{t}", int(self.weights[t][j])) for t in EDGE_TYPES)
        data["types"] = self.types(j)
        return data

    @classmethod
    def from_networkx(cls, graph: nx.Graph) -> TieTable:
        """The arrays of a networkx graph whose nodes are organisation ids (in its order)."""
        nodes = list(graph.nodes)
        position = {node: i for i, node in enumerate(nodes)}
        data = [graph.nodes[node] for node in nodes]
        ends = np.fromiter(
            (position[end] for edge in graph.edges for end in edge),
            dtype=np.int64,
            count=2 * graph.number_of_edges(),
        )
        weights = {
            t: np.array([d.get(f"w_{t}", 0) for _a, _b, d in graph.edges(data=True)], np.int64)
            for t in EDGE_TYPES
        }
        return cls(
            ids=np.array(nodes, dtype=np.int64),
            names=[d.get("label", str(node)) for node, d in zip(nodes, data, strict=True)],
            kinds=[d.get("kind", "") for d in data],
            sectors=[d.get("sector", "") for d in data],
            subregions=[d.get("subregion", "") for d in data],
            gminas=[d.get("gmina", "") for d in data],
            a=ends[0::2],
            b=ends[1::2],
            weights=weights,
        )

    def as_networkx(self, keep: list[int] | None = None) -> nx.Graph:
        """The graph (or the part of it among nodes ``keep``) with every attribute; nodes in
        the order of their ids, as the exports and the drawing's layout expect."""
        ids = self.ids.tolist()
        chosen = range(self.nodes) if keep is None else sorted(keep)
        graph = nx.Graph()
        graph.add_nodes_from((ids[i], self.node_data(i)) for i in chosen)
        if keep is None:
            among = np.arange(self.edges)
        else:
            inside = np.zeros(self.nodes, dtype=bool)
            inside[list(chosen)] = True
            among = np.flatnonzero(inside[self.a] & inside[self.b])
        total = self.weight
        a, b = self.a.tolist(), self.b.tolist()
        graph.add_edges_from(
            (ids[a[j]], ids[b[j]], self.edge_data(j, total)) for j in among.tolist()
        )
        return graph


@dataclass
class _Nodes:
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    subregions: list[str] = field(default_factory=list)
    gminas: list[str] = field(default_factory=list)


def _chunks(wanted: list[int]) -> Iterator[QuerySet[Organisation]]:
    if connection.vendor == "postgresql":
        # One parameter, the ids as text: 33,000 placeholders took a second to send, and even
        # a list as an array a fifth of one.
        listed = ",".join(map(str, wanted))
        yield Organisation.objects.filter(
            pk__in=RawSQL("SELECT unnest(string_to_array(%s, ',')::bigint[])", [listed])
        )
        return
    for offset in range(0, len(wanted), CHUNK):
        yield Organisation.objects.filter(pk__in=wanted[offset : offset + CHUNK])


def _node_rows(wanted: list[int]) -> tuple[Ints, _Nodes]:
    """The details of the organisations ``wanted`` (ascending) that exist, in that order."""
    found: list[int] = []
    nodes = _Nodes()
    for chunk in _chunks(wanted):
        # The graph's nodes: every organisation with a tie, whoever looks (monitoring.view).
        rows = (
            access.scope_statistics(chunk)
            .order_by("pk")
            .values_list("pk", "name", "kind", "gmina__subregion__slug", "gmina__name")
        )
        for pk, name, kind, subregion, gmina in rows:
            found.append(pk)
            nodes.names.append(name)
            nodes.kinds.append(kind)
            nodes.subregions.append(subregion or "")
            nodes.gminas.append(gmina or "")
    return np.array(found, dtype=np.int64), nodes


def _ties(query: Any) -> tuple[Ints, Ints, Ints, Ints]:
    """Every tie row of the query's types: ends, type (index in ``EDGE_TYPES``) and weight."""
    parts = []
    for edge_type in query.edge_types:
        rows = TIE_QUERIES[edge_type](query.start, query.end, query.max_group).fetch()
        found = np.array(rows, dtype=np.int64).reshape(-1, 3)
        typed = np.full((len(found), 1), EDGE_TYPES.index(edge_type), dtype=np.int64)
        parts.append(np.hstack([found, typed]))
    table = np.vstack(parts) if parts else np.zeros((0, 4), dtype=np.int64)
    return table[:, 0], table[:, 1], table[:, 3], table[:, 2]


def read_table(query: Any) -> TieTable:
    """The ties of ``query`` (a ``GraphQuery``) grouped into edges, filtered as it asks."""
    a, b, types, weights = _ties(query)
    ids, details = _node_rows(np.unique(np.concatenate([a, b])).tolist())
    # Ties to an organisation not read (none today: every end is one) are left out.
    ia = np.searchsorted(ids, a).clip(max=max(len(ids) - 1, 0))
    ib = np.searchsorted(ids, b).clip(max=max(len(ids) - 1, 0))
    keep = (ids[ia] == a) & (ids[ib] == b) if len(ids) else np.zeros(len(a), dtype=bool)
    if query.kinds:
        allowed = np.isin(np.array(details.kinds, dtype=object), list(query.kinds))
        keep &= allowed[ia] & allowed[ib]
    if query.subregion:
        inside = np.array([s == query.subregion for s in details.subregions], dtype=bool)
        keep &= inside[ia] | inside[ib]
    ia, ib, types, weights = ia[keep], ib[keep], types[keep], weights[keep]
    counts = np.bincount(types, minlength=len(EDGE_TYPES))
    type_counts = {t: int(counts[i]) for i, t in enumerate(EDGE_TYPES) if counts[i]}
    # The nodes left: those with a tie that passed the filters.
    used = np.unique(np.concatenate([ia, ib]))
    renumber = np.full(len(ids), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    pairs, edge_of = np.unique(renumber[ia] * len(used) + renumber[ib], return_inverse=True)
    edge_weights = {
        t: np.bincount(
            edge_of, weights=np.where(types == i, weights, 0), minlength=len(pairs)
        ).astype(np.int64)
        for i, t in enumerate(EDGE_TYPES)
    }
    chosen = used.tolist()
    kinds = [details.kinds[i] for i in chosen]
    sectors = {kind: str(sector_of(kind)) for kind in set(kinds)}
    return TieTable(
        ids=ids[used],
        names=[details.names[i] for i in chosen],
        kinds=kinds,
        sectors=[sectors[kind] for kind in kinds],
        subregions=[details.subregions[i] for i in chosen],
        gminas=[details.gminas[i] for i in chosen],
        a=(pairs // max(len(used), 1)).astype(np.int64),
        b=(pairs % max(len(used), 1)).astype(np.int64),
        weights=edge_weights,
        ties_read=len(a),
        type_counts=type_counts,
    )
