"""Merging two duplicate organisations: pick the duplicate, decide what differs, merge; undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import selectors, services
from contacts.filters import organisation_search
from contacts.models import Organisation, OrganisationMerge
from contacts.services.merging import merge_decisions
from crm import access
from crm.access import Action
from crm.web.forms import apply_form_errors


def _organisation(user: object, pk: int) -> Organisation:
    try:
        return selectors.organisation_list(user=user).get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def merge_choice_form(decisions: list[Any]) -> type[forms.Form]:
    """One radio per group both records fill differently (contacts.services.merging.plan):
    each choice shows the value as people read it; none is preselected when both are set."""
    attrs: dict[str, Any] = {}
    for decision in decisions:
        if decision.group.united:
            continue
        attrs[decision.group.key] = forms.ChoiceField(
            label=decision.group.label,
            choices=[
                ("survivor", decision.survivor or gettext_lazy("(empty)")),
                ("duplicate", decision.duplicate or gettext_lazy("(empty)")),
            ],
            initial=decision.default,
            widget=forms.RadioSelect,
            error_messages={
                "required": gettext_lazy("Both records have a value here: choose which one stays.")
            },
        )
    return type("MergeChoiceForm", (forms.Form,), attrs)


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
            .order_by("name", "id")[:20]
        )
    else:
        found = selectors.merge_candidates(user=request.user, organisation=survivor)
    return render(
        request,
        "contacts/organisation_merge_pick.html",
        {"survivor": survivor, "candidates": found, "query": query},
    )


def merge_confirm_page(
    request: HttpRequest,
    survivor: Any,
    duplicate: Any,
    *,
    decisions: list[Any],
    merge: Callable[..., Any],
    merged_message: str,
    detail: str,
    template: str,
) -> HttpResponse:
    """Step 2 of either merge (organisations, people): both records side by side, a choice
    where both are filled differently, then ``merge(actor=, survivor=, duplicate=, keep=)``."""
    if not (
        access.can(request.user, Action.CHANGE, survivor)
        and access.can(request.user, Action.DELETE, duplicate)
    ):
        raise PermissionDenied
    if survivor.pk == duplicate.pk:
        raise Http404
    form = merge_choice_form(decisions)(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            merge(
                actor=request.user, survivor=survivor, duplicate=duplicate, keep=form.cleaned_data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, merged_message)
            return redirect(detail, pk=survivor.pk)
    rows = [
        {
            "decision": decision,
            "field": None if decision.group.united else form[decision.group.key],
        }
        for decision in decisions
    ]
    return render(
        request,
        template,
        {"survivor": survivor, "duplicate": duplicate, "rows": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    survivor = _organisation(request.user, pk)
    duplicate = _organisation(request.user, other)
    return merge_confirm_page(
        request,
        survivor,
        duplicate,
        decisions=merge_decisions(survivor, duplicate),
        merge=services.organisation_merge,
        merged_message=_(
            "The records were merged; everything linked now belongs to this "
            "organisation. The merge can be undone on this page for 30 days."
        ),
        detail="contacts:organisation_detail",
        template="contacts/organisation_merge_confirm.html",
    )


@login_required
@require_POST
def organisation_merge_undo(request: HttpRequest, pk: int, merge: int) -> HttpResponse:
    """Undo a merge from the surviving organisation's page: the merged one comes back."""
    survivor = _organisation(request.user, pk)
    if not access.can(request.user, Action.DELETE, survivor):
        raise PermissionDenied
    try:
        record = selectors.undoable_merges(user=request.user, organisation=survivor).get(pk=merge)
    except OrganisationMerge.DoesNotExist as error:
        raise Http404 from error
    try:
        restored = services.organisation_merge_undo(actor=request.user, merge=record)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("contacts:organisation_detail", pk=survivor.pk)
    messages.success(
        request,
        _("The merge was undone: %(name)s is back with its own values and links.")
        % {"name": restored.name},
    )
    return redirect("contacts:organisation_detail", pk=restored.pk)
