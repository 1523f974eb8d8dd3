"""Merging two duplicate organisations: pick the duplicate, choose per field, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts import selectors, services
from contacts.filters import organisation_search
from contacts.forms import merge_choice_form
from contacts.models import Organisation
from contacts.services.merge import merge_differences
from crm import access
from crm.access import Action
from crm.web.forms import apply_form_errors


def _organisation(user: object, pk: int) -> Organisation:
    try:
        return selectors.organisation_list(user=user).get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_GET
def organisation_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: which record is the duplicate of this one (suggested, or searched for)."""
    survivor = _organisation(request.user, pk)
    if not access.can(request.user, Action.DELETE, survivor):
        raise PermissionDenied
    query = request.GET.get("search", "").strip()
    if query:
        found = list(
            organisation_search(selectors.organisation_list(user=request.user), query)
            .exclude(pk=survivor.pk)
            .order_by("search_name")[:20]
        )
    else:
        found = selectors.merge_candidates(user=request.user, organisation=survivor)
    return render(
        request,
        "contacts/organisation_merge_pick.html",
        {"survivor": survivor, "candidates": found, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Step 2: both records side by side; one choice per differing field; then merge."""
    survivor = _organisation(request.user, pk)
    duplicate = _organisation(request.user, other)
    if not (
        access.can(request.user, Action.CHANGE, survivor)
        and access.can(request.user, Action.DELETE, duplicate)
    ):
        raise PermissionDenied
    if survivor.pk == duplicate.pk:
        raise Http404
    differing = merge_differences(survivor, duplicate)
    labels = [
        (name, str(getattr(Organisation._meta.get_field(name), "verbose_name", name)))
        for name in differing
    ]
    form_class = merge_choice_form(labels)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = [name for name in differing if form.cleaned_data[name] == "other"]
        try:
            services.organisation_merge(
                actor=request.user,
                survivor=survivor,
                duplicate=duplicate,
                take_from_duplicate=chosen,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The records were merged; everything linked now belongs to this organisation."),
            )
            return redirect("contacts:organisation_detail", pk=survivor.pk)
    rows = [
        {
            "field": form[name],
            "label": label,
            "survivor": getattr(survivor, name),
            "duplicate": getattr(duplicate, name),
            "name": name,
        }
        for name, label in labels
    ]
    return render(
        request,
        "contacts/organisation_merge_confirm.html",
        {"survivor": survivor, "duplicate": duplicate, "rows": rows, "form": form},
    )
