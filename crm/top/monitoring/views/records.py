"""Strategic documents of JST and monitoring recommendations: lists and forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.models import Organisation
from crm import access
from crm.territory.models import Subregion
from crm.top.monitoring import selectors, services
from crm.top.monitoring.forms import RecommendationForm, StrategicDocumentForm
from crm.top.monitoring.models import Recommendation, StrategicDocument
from crm.top.monitoring.views.common import capability_required
from crm.web.forms import apply_form_errors, edit_form


@capability_required("monitoring.view")
def document_list(request: HttpRequest) -> HttpResponse:
    subregion = request.GET.get("subregion") or None
    kind = request.GET.get("kind") or None
    documents = selectors.strategic_document_list(user=request.user, subregion=subregion, kind=kind)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/documents/list.html",
        {
            "page_obj": page,
            "subregions": Subregion.objects.all(),
            "kinds": StrategicDocument.Kind.choices,
            "filters": {"subregion": subregion or "", "kind": kind or ""},
            "may_edit": access.has_capability(request.user, "monitoring.edit"),
        },
    )


def _save(form: ModelForm, create: Any, update: Any, instance: Any, actor: Any) -> Any:
    """Call the service with the form's fields; its validation errors go back to the form."""
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}  # type: ignore[attr-defined]
    try:
        if instance is None:
            return create(actor=actor, **fields)
        return update(instance, actor=actor, **fields)
    except ValidationError as error:
        apply_form_errors(form, error)
        return None


@capability_required("monitoring.edit")
@require_http_methods(["GET", "POST"])
def document_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    documents = access.scope(StrategicDocument.objects.all(), request.user)
    document = get_object_or_404(documents, pk=pk) if pk else None
    form = edit_form(
        StrategicDocumentForm,
        request.POST or None,
        instance=document,
        organisations=access.scope(Organisation.objects.all(), request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            services.strategic_document_create,
            lambda row, **kw: services.strategic_document_update(document=row, **kw),
            document,
            request.user,
        )
        if saved is not None:
            messages.success(request, _("Document saved."))
            return redirect("monitoring:document_list")
    return render(
        request,
        "monitoring/form.html",
        {
            "form": form,
            "title": _("Strategic document"),
            "cancel_url": reverse("monitoring:document_list"),
            "attach_to": document,
        },
    )


@capability_required("monitoring.view")
def recommendation_list(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", "")) or None
    except ValueError:
        year = None
    status = request.GET.get("status") or None
    found = selectors.recommendation_list(user=request.user, year=year, status=status)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/recommendations/list.html",
        {
            "page_obj": page,
            "statuses": Recommendation.Status.choices,
            "filters": {"year": year or "", "status": status or ""},
            "may_edit": access.has_capability(request.user, "monitoring.edit"),
        },
    )


@capability_required("monitoring.edit")
@require_http_methods(["GET", "POST"])
def recommendation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk) if pk else None
    form = edit_form(RecommendationForm, request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            services.recommendation_create,
            lambda row, **kw: services.recommendation_update(recommendation=row, **kw),
            recommendation,
            request.user,
        )
        if saved is not None:
            messages.success(request, _("Recommendation saved."))
            return redirect("monitoring:recommendation_list")
    return render(
        request,
        "monitoring/form.html",
        {
            "form": form,
            "title": _("Recommendation"),
            "cancel_url": reverse("monitoring:recommendation_list"),
        },
    )
