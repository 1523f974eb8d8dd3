"""Organisation pages: list, suggestions, detail, create, edit and export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts import selectors, services
from contacts.extensions import organisation_filter_menus, organisation_sections
from contacts.filters import OrganisationFilter, by_name, statutory_status_active_on
from contacts.forms import OrganisationForm
from contacts.models import Organisation, OrganisationKind
from contacts.timeline import organisation_timeline
from contacts.views.common import filter_chips, paginate
from crm import access
from crm.access import Action
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.identifiers import format_nip
from crm.lists.state import list_state
from crm.territory.models import Gmina, Powiat
from crm.territory.selectors import subregions_by_name
from crm.web.forms import apply_form_errors, edit_form

TIMELINE_ITEMS = 30


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    listing = list_state(request, "organisations")
    queryset = selectors.organisation_list(user=request.user)
    filterset = OrganisationFilter(listing.params or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound else queryset
    if not listing.ordering:
        rows = by_name(rows, searching=bool(request.GET.get("search", "").strip()))
    rows = rows.annotate(has_ps=statutory_status_active_on(_today())).prefetch_related("tags")
    if listing.shown.get("contact"):
        rows = selectors.with_primary_contacts(rows, user=request.user)
    page = paginate(request, rows, listing.page_size)
    if listing.shown.get("contact"):
        # The primary contacts on the page are people seen, as on the list of people.
        page.object_list = list(page.object_list)
        seen = [a.person_id for o in page.object_list for a in o.primary_contacts]
        access_log_write(user=request.user, person_ids=seen, what=AccessLog.What.LIST)
    subregions = subregions_by_name()
    powiats = list(Powiat.objects.order_by("name"))
    gminas = list(Gmina.objects.select_related("powiat").order_by("name"))
    extra_filters = organisation_filter_menus(request.user)
    context: dict[str, Any] = {
        "page_obj": page,
        "filter": filterset,
        "kinds": OrganisationKind.choices,
        "subregions": subregions,
        "powiats": powiats,
        "gminas": gminas,
        "extra_filters": extra_filters,
        "subregion_names": {s.slug: s.name for s in subregions},
        "powiat_names": {p.code: p.name for p in powiats},
        "gmina_names": {g.code: g.display_name for g in gminas},
        **{f"{f.name}_names": dict(f.choices) for f in extra_filters},
        "selected_kinds": request.GET.getlist("kind"),
        "may_add": access.can(request.user, Action.ADD, Organisation),
        "may_export": access.has_capability(request.user, "exports.run"),
        "listing": listing,
        "cols": listing.shown,
        "current_query": listing.query,
    }
    context["chips"] = filter_chips(
        request,
        {
            "search": _("Search"),
            "kind": _("Kind"),
            "subregion": _("Subregion"),
            "powiat": _("Powiat"),
            "gmina": _("Gmina"),
            **{f.name: f.label for f in extra_filters},
            "ps_status": _("PS status"),
            "active": _("Active"),
            "tag": _("Tag"),
        },
        context,
    )
    if filterset.is_bound and not filterset.is_valid():
        context["filter_errors"] = filterset.errors
    template = "contacts/organisation_list.html"
    if request.headers.get("X-Fragment") == "results":
        template = "contacts/_organisation_results.html"
    response = render(request, template, context)
    # The live search asks for the results only: a cache must not mix the two up.
    patch_vary_headers(response, ["X-Fragment"])
    return response


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


@login_required
@require_GET
def organisation_suggest(request: HttpRequest) -> JsonResponse:
    """Suggestions for the search box in the top bar: name, NIP, REGON or KRS as typed."""
    query = request.GET.get("q", "")[:100]
    found = selectors.organisation_suggestions(user=request.user, query=query)
    results = []
    for organisation in found:
        meta = [str(organisation.get_kind_display())]
        if organisation.nip:
            meta.append("NIP " + format_nip(organisation.nip))
        if organisation.gmina:
            meta.append(organisation.gmina.name)
        results.append(
            {
                "name": organisation.name,
                "url": reverse("contacts:organisation_detail", args=[organisation.pk]),
                "meta": " · ".join(meta),
            }
        )
    return JsonResponse({"results": results, "empty": _("Nothing found.")})


@login_required
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = selectors.organisation_detail(user=request.user, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    employment = list(organisation.employment.all())
    context = {
        "organisation": organisation,
        "statuses": list(organisation.ps_statuses.all()),
        "employment": employment,
        "employment_max": max((e.employees for e in employment), default=0),
        "affiliations": list(organisation.affiliations.all()),
        "ties": selectors.organisation_ties(user=request.user, organisation=organisation),
        "accreditations": (
            selectors.accreditations_of(user=request.user, organisation=organisation)
            if organisation.kind == OrganisationKind.OWES
            else []
        ),
        "sections": organisation_sections(request.user, organisation),
        "timeline": organisation_timeline(
            user=request.user, organisation=organisation, page=1, page_size=TIMELINE_ITEMS
        ).items,
        "may_change": access.can(request.user, Action.CHANGE, organisation),
        "may_merge": access.can(request.user, Action.DELETE, organisation),
        "merges": list(selectors.undoable_merges(user=request.user, organisation=organisation)),
        "may_see_people": access.has_capability(request.user, "personal_data.view"),
    }
    return render(request, "contacts/organisation_detail.html", context)


def _operators(request: HttpRequest) -> Any:
    """Who may be picked as a unit's operator: any organisation the user sees."""
    return selectors.organisation_list(user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Action.ADD, Organisation)
    form = OrganisationForm(request.POST or None, operators=_operators(request))
    duplicates: list[Organisation] = []
    if request.method == "POST":
        form.is_valid()  # the gmina and operator as picked, for the look-up
        duplicates = _possible_duplicates(request, form)
    if request.method == "POST" and form.is_valid() and not duplicates:
        fields = form.service_fields()
        try:
            organisation = services.organisation_create(
                actor=request.user, name=fields.pop("name"), kind=fields.pop("kind"), **fields
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error(
                "gmina", _("You may add organisations only in the gminas of your subregions.")
            )
        else:
            messages.success(request, _("The organisation was added."))
            if "save_add_another" in request.POST:
                return redirect("contacts:organisation_create")
            return redirect("contacts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "contacts/organisation_form.html",
        {"form": form, "creating": True, "duplicates": duplicates},
    )


def _possible_duplicates(request: HttpRequest, form: OrganisationForm) -> list[Organisation]:
    """The organisations the new one may repeat, unless the person said it is another one."""
    if request.POST.get("confirm_duplicate"):
        return []
    cleaned = getattr(form, "cleaned_data", {})
    return selectors.organisations_like(
        user=request.user,
        name=str(request.POST.get("name", "")),
        gmina_id=getattr(cleaned.get("gmina"), "pk", None),
        identifiers={name: request.POST.get(name) for name in ("nip", "regon", "krs")},
        operator_id=getattr(cleaned.get("operator"), "pk", None),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = selectors.organisation_for_change(user=request.user, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    form = edit_form(
        OrganisationForm,
        request.POST or None,
        instance=organisation,
        operators=_operators(request).exclude(pk=organisation.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, **form.service_fields()
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error(
                "gmina", _("You may edit organisations only in the gminas of your subregions.")
            )
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("contacts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "contacts/organisation_form.html",
        {"form": form, "organisation": organisation, "creating": False},
    )
