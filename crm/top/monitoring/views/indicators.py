"""The indicator pages: all indicators of a year, one indicator's breakdowns and records."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crm.top.monitoring import services
from crm.top.monitoring.forms import IndicatorDefinitionForm, TargetForm
from crm.top.monitoring.indicators import REGISTRY, Cell, Labels, Period, compute, records
from crm.top.monitoring.models import IndicatorDefinition
from crm.top.monitoring.report import shown_report
from crm.top.monitoring.report.charts import by_subregion_chart, trend_chart
from crm.top.monitoring.selectors import indicator_definitions
from crm.top.monitoring.views.common import capability_required, period_context
from crm.web.forms import edit_form

TREND_YEARS = 5


def records_url(code: str, params: dict[str, object]) -> str:
    query = {k: v for k, v in params.items() if k != "indicator"}
    return reverse("monitoring:indicator_records", args=[code]) + "?" + urlencode(query)


def _linked(code: str, cells: list[Cell]) -> list[tuple[Cell, str]]:
    return [(cell, records_url(code, cell.params)) for cell in cells]


@capability_required("monitoring.view")
def indicator_list(request: HttpRequest) -> HttpResponse:
    context = period_context(request)
    report = shown_report(user=request.user, year=context["year"], subregion=context["subregion"])
    return render(request, "monitoring/indicators/list.html", {**context, "report": report})


def _definition(user: object, code: str) -> IndicatorDefinition:
    definition = indicator_definitions(user=user).filter(code=code).first()
    if definition is None or definition.query not in REGISTRY:
        raise Http404
    return definition


@capability_required("monitoring.view")
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    definition = _definition(request.user, code)
    context = period_context(request)
    subregion_id = context["subregion"].pk if context["subregion"] else None
    labels = Labels()
    value = compute(definition.query, Period(context["year"], subregion_id), labels)
    trend = [
        (year, float(compute(definition.query, Period(year, subregion_id), labels).value))
        for year in range(context["year"] - TREND_YEARS + 1, context["year"] + 1)
    ]
    target = next((t.value for t in definition.targets.all() if t.year == context["year"]), None)
    charts = [trend_chart("trend", _("Year by year"), definition.unit, trend)]
    if value.by_subregion and not context["subregion"]:
        charts.append(
            by_subregion_chart("subregions", _("By subregion"), definition.unit, value.by_subregion)
        )
    return render(
        request,
        "monitoring/indicators/detail.html",
        {
            **context,
            "definition": definition,
            "value": value,
            "total_url": records_url(definition.code, value.params),
            "target": target,
            "by_subregion": _linked(definition.code, value.by_subregion),
            "by_powiat": _linked(definition.code, value.by_powiat),
            "by_category": _linked(definition.code, value.by_category),
            "charts": charts,
        },
    )


@capability_required("monitoring.view")
def indicator_records(request: HttpRequest, code: str) -> HttpResponse:
    definition = _definition(request.user, code)
    context = period_context(request)
    subregion = context["subregion"]
    filters = {name: request.GET.get(name) or None for name in ("powiat", "category")}
    # The breakdown links name the subregion by id ("none" for the unassigned ones).
    subregion_id = request.GET.get("subregion_id") or (str(subregion.pk) if subregion else None)
    found, kind = records(
        definition.query,
        Period(context["year"], user=request.user),
        subregion=subregion_id,
        **filters,
    )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/indicators/records.html",
        {**context, "definition": definition, "page_obj": page, "kind": kind},
    )


@capability_required("monitoring.edit")
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndicatorDefinition, code=code)
    form = edit_form(IndicatorDefinitionForm, request.POST or None, instance=definition, prefix="d")
    target_form = TargetForm(request.POST or None, prefix="t")
    if request.method == "POST":
        if "save_target" in request.POST and target_form.is_valid():
            services.indicator_target_set(
                actor=request.user, definition=definition, **target_form.cleaned_data
            )
            messages.success(request, _("Target saved."))
            return redirect("monitoring:indicator_edit", code=code)
        if "save_definition" in request.POST and form.is_valid():
            services.indicator_definition_update(
                actor=request.user,
                definition=definition,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
            messages.success(request, _("Indicator saved."))
            return redirect("monitoring:indicator_detail", code=code)
    return render(
        request,
        "monitoring/indicators/edit.html",
        {
            "definition": definition,
            "form": form,
            "target_form": target_form,
            "targets": definition.targets.order_by("year"),
        },
    )
