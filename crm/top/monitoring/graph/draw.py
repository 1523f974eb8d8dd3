"""A server-side drawing of the graph: spring layout with a fixed seed, rendered as SVG."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from django.utils.html import escape

# Okabe–Ito, colour-blind safe; one colour per sector, always with a text legend.
SECTOR_COLOURS = {
    "pes": "#009E73",
    "owes": "#CC79A7",
    "jst": "#0072B2",
    "business": "#E69F00",
    "science": "#56B4E9",
    "media": "#D55E00",
    "other": "#999999",
}
EDGE_COLOURS = {
    "membership": "#0072B2",
    "partnership": "#D55E00",
    "event": "#009E73",
    "interaction": "#999999",
    "organisational": "#CC79A7",
}
MAX_DRAWN = 150
SEED = 7


@dataclass
class Drawing:
    svg: str
    drawn: int
    total: int


def draw(
    graph: nx.Graph, *, width: int = 900, height: int = 640, limit: int = MAX_DRAWN
) -> Drawing:
    """The ``limit`` best-connected organisations and the ties among them."""
    total = graph.number_of_nodes()
    keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n, weight="weight"), n))[:limit]
    sub = graph.subgraph(keep)
    if sub.number_of_nodes() == 0:
        return Drawing(svg="", drawn=0, total=total)
    positions = nx.spring_layout(sub, seed=SEED, weight="weight")
    pad = 24

    def xy(node: int) -> tuple[float, float]:
        x, y = positions[node]
        return (
            round(pad + (float(x) + 1) / 2 * (width - 2 * pad), 1),
            round(pad + (float(y) + 1) / 2 * (height - 2 * pad), 1),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="graph-title" class="graph-svg">',
        '<title id="graph-title">Cooperation graph</title>',
        '<g stroke-opacity="0.5">',
    ]
    for a, b, data in sub.edges(data=True):
        (x1, y1), (x2, y2) = xy(a), xy(b)
        main = max(EDGE_COLOURS, key=lambda t: data.get(f"w_{t}", 0))
        stroke = min(1 + data.get("weight", 1) * 0.5, 5)
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{EDGE_COLOURS[main]}" '
            f'stroke-width="{stroke}"><title>{escape(data.get("types", ""))}</title></line>'
        )
    parts.append("</g><g>")
    labelled = set(keep[:10])
    for node in keep:
        data = sub.nodes[node]
        x, y = xy(node)
        radius = min(4 + sub.degree(node), 14)
        colour = SECTOR_COLOURS.get(data.get("sector", "other"), "#999999")
        title = escape(f"{data.get('label', node)} · {data.get('kind', '')} · {sub.degree(node)}")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}" stroke="#fff">'
            f"<title>{title}</title></circle>"
        )
        if node in labelled:
            parts.append(
                f'<text x="{x + radius + 2}" y="{y + 4}" font-size="11" paint-order="stroke" '
                f'stroke="#fff" stroke-width="3">'
                f"{escape(str(data.get('label', node))[:40])}</text>"
            )
    parts.append("</g></svg>")
    return Drawing(svg="".join(parts), drawn=sub.number_of_nodes(), total=total)
