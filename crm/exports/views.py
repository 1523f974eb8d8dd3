"""Export buttons of the list pages: what the list shows, formula-safe, scoped and logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from crm import access
from crm.exports.services import export_named

# Parameters of the list page that are not filters.
NOT_FILTERS = {"page", "format"}


def request_filters(request: HttpRequest) -> dict[str, Any]:
    """The list page's filters from the query string (several values of a key as a list)."""
    filters: dict[str, Any] = {}
    for key in request.GET:
        if key in NOT_FILTERS:
            continue
        values = [v for v in request.GET.getlist(key) if v]
        if values:
            filters[key] = values if len(values) > 1 else values[0]
    return filters


def export_view(name: str, pk_filter: str | None = None) -> Callable[..., HttpResponse]:
    """The page that downloads the registered list ``name`` with the filters on screen, as
    Excel (or CSV with ``?format=csv``); ``pk_filter`` names the filter the URL's ``pk`` sets
    (the members of the network ``pk``)."""

    @login_required
    @require_GET
    def view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
        access.require_capability(request.user, "exports.run")
        filters = request_filters(request)
        if pk_filter is not None:
            filters[pk_filter] = pk
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        try:
            exported = export_named(actor=request.user, name=name, filters=filters, fmt=fmt)
        except ValueError:
            # A filter that does not validate: export nothing rather than more than was asked.
            return HttpResponse(
                _("The filters of this list are not valid; correct them on the list and export "
                  "again."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )  # fmt: skip
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response

    view.__name__ = f"{name}_export"
    return view
