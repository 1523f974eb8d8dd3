"""The yearly report: a printable page, the workbook now (small data) or as a task (large)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contacts.models import Organisation
from crm import access
from crm.access import scope
from crm.territory.models import Subregion
from crm.top.monitoring.models import MonitoringReport
from crm.top.monitoring.report import build_report, report_workbook, shown_report
from crm.top.monitoring.report.charts import by_subregion_chart
from crm.top.monitoring.report.services import monitoring_report_request
from crm.top.monitoring.selectors import report_list
from crm.top.monitoring.views.common import capability_required, period_context

# Above this many organisations the workbook is built by a task, not while the browser waits.
SYNC_LIMIT = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_large() -> bool:
    return access.scope_statistics(Organisation.objects.all()).count() > SYNC_LIMIT


@capability_required("monitoring.view")
def report_page(request: HttpRequest) -> HttpResponse:
    context = period_context(request)
    report = shown_report(user=request.user, year=context["year"], subregion=context["subregion"])
    charts = {
        row.definition.code: by_subregion_chart(
            f"chart-{row.definition.code}",
            row.definition.name,
            row.definition.unit,
            row.value.by_subregion,
        )
        for row in report.rows
        if row.definition.is_key_result and row.value.by_subregion and not context["subregion"]
    }
    return render(
        request,
        "monitoring/report.html",
        {
            **context,
            "report": report,
            "charts": charts,
            "large": _is_large(),
            "files": report_list(user=request.user),
        },
    )


@capability_required("monitoring.view")
def report_xlsx(request: HttpRequest) -> HttpResponse:
    context = period_context(request)
    if _is_large():
        messages.info(request, _("The data is large: ask for the workbook to be prepared."))
        return redirect(reverse("monitoring:report") + "?" + request.GET.urlencode())
    report = build_report(user=request.user, year=context["year"], subregion=context["subregion"])
    suffix = f"-{context['subregion'].slug}" if context["subregion"] else ""
    response = HttpResponse(report_workbook(report), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="raport-monitoringowy-{context["year"]}{suffix}.xlsx"'
    )
    return response


@capability_required("monitoring.view")
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError as error:
        raise Http404 from error
    slug = request.POST.get("subregion") or ""
    subregion = Subregion.objects.filter(slug=slug).first() if slug else None
    monitoring_report_request(actor=request.user, year=year, subregion=subregion)
    messages.success(
        request, _("The workbook is being prepared; it will appear in the list below.")
    )
    query = f"?year={year}" + (f"&subregion={slug}" if slug else "")
    return redirect(reverse("monitoring:report") + query)


@capability_required("monitoring.view")
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(scope(MonitoringReport.objects.all(), request.user), pk=pk)
    if report.status != MonitoringReport.Status.READY or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type=XLSX,
    )
