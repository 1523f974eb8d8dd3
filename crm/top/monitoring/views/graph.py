"""The cooperation graph page, the isolated PES worklist and what events led to."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from crm import access
from crm.territory.models import Subregion
from crm.top.monitoring.forms import EDGE_LABELS, GraphFilterForm
from crm.top.monitoring.graph import EDGE_TYPES, GraphQuery
from crm.top.monitoring.graph.draw import EDGE_COLOURS, MAX_DRAWN, SECTOR_COLOURS
from crm.top.monitoring.graph.influence import event_memberships, event_outcomes, event_partnerships
from crm.top.monitoring.graph.isolated import isolated_pes
from crm.top.monitoring.graph.picture import graph_picture
from crm.top.monitoring.views.common import capability_required, period_context
from interactions.models import Event
from networks.models import PartnershipParty


def graph_query(form: GraphFilterForm) -> GraphQuery:
    """The query a valid filter form asks for (the API reads the same form)."""
    start, end = form.period()
    subregion = form.cleaned_data.get("subregion")
    return GraphQuery(
        start=start,
        end=end,
        subregion=subregion.slug if subregion else None,
        kinds=tuple(form.cleaned_data.get("kind") or ()),
        edge_types=tuple(form.cleaned_data.get("edges") or EDGE_TYPES),
    )


@capability_required("monitoring.view")
def graph_page(request: HttpRequest) -> HttpResponse:
    form = GraphFilterForm(request.GET or None)
    query = graph_query(form) if form.is_valid() else GraphQuery.last_year()
    if not form.is_bound:
        form = GraphFilterForm(
            initial={"start": query.start, "end": query.end, "edges": EDGE_TYPES}
        )
    picture = graph_picture(query)
    # The graph keeps subregions by slug ("lomzynski"): people read "Subregion łomżyński".
    subregion_names = dict(Subregion.objects.values_list("slug", "name"))
    export_params = {
        "start": query.start.isoformat(),
        "end": query.end.isoformat(),
        **({"subregion": query.subregion} if query.subregion else {}),
    }
    export_query = urlencode(
        [
            *export_params.items(),
            *[("kind", k) for k in query.kinds],
            *[("edges", e) for e in query.edge_types],
        ]
    )
    return render(
        request,
        "monitoring/graph/page.html",
        {
            "form": form,
            "query": query,
            "metrics": picture["metrics"],
            "drawing": picture["drawing"],
            "computed_at": picture["computed_at"],
            "outdated": picture["outdated"],
            "max_drawn": MAX_DRAWN,
            "type_counts": [(EDGE_LABELS[t], picture["type_counts"].get(t, 0)) for t in EDGE_TYPES],
            "sector_colours": [(_sector_label(s), c) for s, c in SECTOR_COLOURS.items()],
            "sector_pairs": [
                (_sector_label(a), _sector_label(b), n)
                for a, b, n in picture["metrics"].sector_pairs
            ],
            "edge_colours": [(EDGE_LABELS[t], c) for t, c in EDGE_COLOURS.items()],
            "subregion_names": subregion_names,
            "subregion_pairs": [
                (subregion_names.get(a, a), subregion_names.get(b, b), n)
                for a, b, n in picture["metrics"].subregion_pairs
            ],
            "export_query": export_query,
        },
    )


@capability_required("monitoring.view")
def isolated_list(request: HttpRequest) -> HttpResponse:
    context = period_context(request)
    subregion = context["subregion"]
    found = isolated_pes(user=request.user, subregion=subregion.slug if subregion else None)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/graph/isolated.html",
        {**context, "page_obj": page, "since": timezone.localdate() - datetime.timedelta(days=365)},
    )


@capability_required("monitoring.view")
def event_outcome_list(request: HttpRequest) -> HttpResponse:
    context = period_context(request)
    year = context["year"]
    subregion = context["subregion"]
    outcomes = event_outcomes(
        user=request.user,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        subregion=subregion.slug if subregion else None,
    )
    return render(request, "monitoring/graph/events.html", {**context, "outcomes": outcomes})


@capability_required("monitoring.view")
def event_outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(access.scope(Event.objects.all(), request.user), pk=pk)
    return render(
        request,
        "monitoring/graph/event.html",
        {
            "event": event,
            "partnerships": event_partnerships(user=request.user, event=event).prefetch_related(
                Prefetch(
                    "parties", queryset=access.scope(PartnershipParty.objects.all(), request.user)
                ),
                "parties__organisation",
            ),
            "memberships": event_memberships(user=request.user, event=event),
        },
    )


def _sector_label(code: str) -> str:
    from contacts.models import Sector

    return str(Sector(code).label) if code in Sector.values else code
