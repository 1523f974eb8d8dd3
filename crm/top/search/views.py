"""The results page ``/szukaj/?q=`` and the top bar's suggestions as one types."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.top.search.hits import hit
from crm.top.search.selectors import (
    clean_query,
    kinds_for,
    query_problem,
    search_everything,
    suggestions,
)

PAGE_LIMIT = 10
# As one types: mostly organisations (what the box was first for), a glimpse of the rest.
SUGGEST = {"organisations": 5, "networks": 2, "events": 2, "partnerships": 2}


def list_url(name: str, query: str) -> str:
    """A kind's own list, filtered by the query: where "show all" leads."""
    return reverse(name) + "?" + urlencode({"search": query})


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q"))
    problem = query_problem(query)
    groups = [] if problem else search_everything(user=request.user, query=query, limit=PAGE_LIMIT)
    shown = []
    for group in groups:
        shown.append(
            {
                "kind": group.kind,
                "label": group.label,
                "count": group.count,
                "more": group.more,
                "hits": [hit(group.kind, obj) for obj in group.items],
                "list_url": list_url(group.list_url_name, query),
            }
        )
        if group.kind == "people":
            # The people on the page are seen: logged as every list of people is.
            access_log_write(
                user=request.user,
                person_ids=[p.pk for p in group.items],
                what=AccessLog.What.SEARCH,
            )
    context = {
        "query": query,
        "sees_people": any(kind.key == "people" for kind in kinds_for(request.user)),
        "problem": problem if request.GET.get("q") is not None else None,
        "groups": [g for g in shown if g["count"]],
        "empty_kinds": [g["label"] for g in shown if not g["count"]],
        "total": sum(g["count"] for g in shown),
    }
    return render(request, "search/results.html", context)


@login_required
@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    """The first few organisations, networks, events and partnerships for the query as typed,
    each with its kind, and the way to every result (people only there: see ``suggestions``)."""
    query = clean_query(request.GET.get("q"))
    results: list[dict[str, str]] = []
    if query_problem(query) is None:
        for group in suggestions(user=request.user, query=query, limits=SUGGEST):
            for obj in group.items:
                found = hit(group.kind, obj)
                meta = [found.badge_label] if found.badge_label else []
                results.append(
                    {
                        "name": found.name,
                        "url": found.url,
                        "meta": " · ".join(meta + found.meta),
                        "group": str(group.label),
                    }
                )
        results.append(
            {
                "name": _("All results for „%(query)s”") % {"query": query},
                "url": reverse("search:results") + "?" + urlencode({"q": query}),
                "meta": "",
                "group": "",
                "all": "1",
            }
        )
    return JsonResponse({"results": results, "empty": _("Nothing found.")})
