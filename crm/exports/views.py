"""Export buttons of the list pages: what the list shows, formula-safe, scoped and logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from crm import access
from crm.exports.formats import CONTENT_TYPES
from crm.exports.jobs import export_job_for, export_job_start
from crm.exports.models import ExportJob
from crm.exports.services import export_named, export_size

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
            total = export_size(actor=request.user, name=name, filters=filters)
            if total > settings.EXPORT_BACKGROUND_ROWS:
                job = export_job_start(
                    actor=request.user, name=name, filters=filters, fmt=fmt, total=total
                )
                return redirect("export_job", pk=job.pk)
            exported = export_named(actor=request.user, name=name, filters=filters, fmt=fmt)
        except ValueError as error:
            # A filter that does not validate: export nothing rather than more than was asked,
            # and say on a page of the application which filter to correct, with the way back.
            found = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
            query = request.GET.copy()
            query.pop("format", None)
            back = request.path.removesuffix("eksport/")
            return render(
                request,
                "400.html",
                {
                    "message": _(
                        "The filters of this list are not valid; correct them on the list and "
                        "export again."
                    ),
                    "problems": [(label, " ".join(m)) for label, m in found.items()],
                    "back_url": f"{back}?{query.urlencode()}" if back != request.path else "",
                },
                status=400,
            )
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response

    view.__name__ = f"{name}_export"
    return view


def _job(request: HttpRequest, pk: int) -> ExportJob:
    job = export_job_for(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return job


@login_required
@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background export: its progress while it is written, then its download link."""
    return render(request, "exports/job_detail.html", {"job": _job(request, pk)})


@login_required
@require_GET
def export_job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """For the progress bar (static/js/siec.js): rows written, and where to go when done."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "total": job.total,
            "done": job.done,
            "label": _("%(done)s of %(total)s rows") % {"done": job.done, "total": job.total},
            "finished": job.finished,
            "next": reverse("export_job", args=[job.pk]) if job.finished else "",
        }
    )


@login_required
@require_GET
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The finished file, for the person who asked for it only."""
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES[job.fmt],
    )
