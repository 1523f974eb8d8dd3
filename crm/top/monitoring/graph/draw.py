"""A server-side drawing of the graph: spring layout with a fixed seed, rendered as SVG."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from contacts.models import OrganisationKind
from crm.top.monitoring.graph.table import TieTable

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
KIND_LABELS = dict(OrganisationKind.choices)
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
    keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n, weight="weight"), n))[:limit]
    return _render(graph.subgraph(keep), keep, graph.number_of_nodes(), width, height)


def draw_table(
    table: TieTable, *, width: int = 900, height: int = 640, limit: int = MAX_DRAWN
) -> Drawing:
    """``draw`` of the graph's arrays: only the organisations drawn become a networkx graph."""
    total = table.weight
    strength = np.bincount(table.a, weights=total, minlength=table.nodes) + np.bincount(
        table.b, weights=total, minlength=table.nodes
    )
    order = np.lexsort((table.ids, -strength))[:limit].tolist()
    keep = [int(table.ids[i]) for i in order]
    return _render(table.as_networkx(order), keep, table.nodes, width, height)


def _render(sub: nx.Graph, keep: list[int], total: int, width: int, height: int) -> Drawing:
    """The SVG of ``sub``, its nodes ``keep`` (best-connected first) of ``total``."""
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

    # Tooltips in the reader's words (the picture is kept per language: ``picture._name``),
    # and each organisation a link to its page.
    from crm.top.monitoring.forms import EDGE_LABELS

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="graph-title" class="graph-svg">',
        f'<title id="graph-title">{escape(gettext("Cooperation graph"))}</title>',
        '<g stroke-opacity="0.5">',
    ]
    for a, b, data in sub.edges(data=True):
        (x1, y1), (x2, y2) = xy(a), xy(b)
        main = max(EDGE_COLOURS, key=lambda t: data.get(f"w_{t}", 0))
        stroke = min(1 + data.get("weight", 1) * 0.5, 5)
        types = [t for t in str(data.get("types", "")).split(",") if t]
        said = ", ".join(str(EDGE_LABELS.get(t, t)) for t in types)
        ends = f"{sub.nodes[a].get('label', a)} – {sub.nodes[b].get('label', b)}"
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{EDGE_COLOURS[main]}" '
            f'stroke-width="{stroke}"><title>{escape(ends)}: {escape(said)}</title></line>'
        )
    parts.append("</g><g>")
    labelled = set(keep[:10])
    for node in keep:
        data = sub.nodes[node]
        x, y = xy(node)
        radius = min(4 + sub.degree(node), 14)
        colour = SECTOR_COLOURS.get(data.get("sector", "other"), "#999999")
        kind = str(KIND_LABELS.get(data.get("kind", ""), data.get("kind", "")))
        degree = sub.degree(node)
        ties = ngettext("%(n)s tie", "%(n)s ties", degree) % {"n": degree}
        title = escape(f"{data.get('label', node)} · {kind} · {ties}")
        parts.append(
            f'<a href="{escape(_organisation_url(node))}">'
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}" stroke="#fff">'
            f"<title>{title}</title></circle>"
        )
        if node in labelled:
            # A label on the right half reads leftwards: it is never cut at the edge.
            right = x > width / 2
            anchor = ' text-anchor="end"' if right else ""
            parts.append(
                f'<text x="{x - radius - 2 if right else x + radius + 2}" y="{y + 4}" '
                f'font-size="11" paint-order="stroke" stroke="#fff" stroke-width="3"{anchor}>'
                f"{escape(str(data.get('label', node))[:40])}</text>"
            )
        parts.append("</a>")
    parts.append("</g></svg>")
    return Drawing(svg="".join(parts), drawn=sub.number_of_nodes(), total=total)


def _organisation_url(node: int) -> str:
    return reverse("contacts:organisation_detail", args=[node])
