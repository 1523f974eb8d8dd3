"""The public catalogue pages and its JSON: no login, no personal data."""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contacts.models import Organisation
from crm.territory.models import Subregion
from crm.top.monitoring import catalogue

PAGE_SIZE = 30
JSON_MAX = 500


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        name: request.GET.get(name, "").strip()[:100]
        for name in ("subregion", "kind", "offer", "q")
    }


def _search(filters: dict[str, str]) -> QuerySet[Organisation]:
    return catalogue.catalogue_search(
        subregion=filters["subregion"] or None,
        kind=filters["kind"] or None,
        offer=filters["offer"] or None,
        query=filters["q"] or None,
    )


@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(_search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/catalogue/list.html",
        {
            "entries": catalogue.entries(cast(QuerySet[Organisation], page.object_list)),
            "page_obj": page,
            "filters": filters,
            "subregions": Subregion.objects.all(),
            "kinds": catalogue.catalogue_kinds(),
        },
    )


@require_GET
def catalogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = catalogue.catalogue_entry(pk)
    if entry is None:
        raise Http404
    return render(request, "monitoring/catalogue/detail.html", {"entry": entry})


@require_GET
def catalogue_json(request: HttpRequest) -> JsonResponse:
    """The listed organisations as JSON for the regional website (same filters as the page)."""
    filters = _filters(request)
    try:
        limit = max(1, min(JSON_MAX, int(request.GET.get("limit", JSON_MAX))))
        offset = max(0, int(request.GET.get("offset", 0)))
    except ValueError:
        return JsonResponse({"detail": "limit and offset must be numbers"}, status=400)
    found = _search(filters)
    response = JsonResponse(
        {
            "count": found.count(),
            "limit": limit,
            "offset": offset,
            "results": [e.as_json() for e in catalogue.entries(found[offset : offset + limit])],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    # Public, read-only and without credentials: any website may embed it.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
