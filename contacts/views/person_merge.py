"""Merging two records of one person, as organisations merge: pick the duplicate, decide what
differs, merge; undo from the page of the person who stayed for 30 days."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import services
from contacts.models import Person, PersonMerge
from contacts.people_duplicates import (
    person_merge_candidates,
    person_search_for_merge,
    undoable_person_merges,
)
from contacts.services.merging import person_merge_decisions
from contacts.views.merge import merge_confirm_page
from crm import access
from crm.access import Action


def _person(request: HttpRequest, pk: int) -> Person:
    access.require_capability(request.user, "personal_data.view")
    person = access.scope(Person.objects.filter(pk=pk), request.user).first()
    if person is None:
        raise Http404
    return person


@login_required
@require_GET
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: which record is the duplicate of this person (suggested, or searched for)."""
    survivor = _person(request, pk)
    if not access.can(request.user, Action.DELETE, survivor):
        raise PermissionDenied
    query = request.GET.get("search", "").strip()
    if query:
        found = person_search_for_merge(user=request.user, person=survivor, query=query)
    else:
        found = person_merge_candidates(user=request.user, person=survivor)
    return render(
        request,
        "contacts/person_merge_pick.html",
        {"survivor": survivor, "candidates": found, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    survivor = _person(request, pk)
    duplicate = _person(request, other)
    return merge_confirm_page(
        request,
        survivor,
        duplicate,
        decisions=person_merge_decisions(survivor, duplicate),
        merge=services.person_merge,
        merged_message=_(
            "The records were merged; everything linked now belongs to this person. "
            "The merge can be undone on this page for 30 days."
        ),
        detail="contacts:person_detail",
        template="contacts/person_merge_confirm.html",
    )


@login_required
@require_POST
def person_merge_undo(request: HttpRequest, pk: int, merge: int) -> HttpResponse:
    """Undo a merge from the page of the person who stayed: the merged one comes back."""
    survivor = _person(request, pk)
    if not access.can(request.user, Action.DELETE, survivor):
        raise PermissionDenied
    try:
        record = undoable_person_merges(user=request.user, person=survivor).get(pk=merge)
    except PersonMerge.DoesNotExist as error:
        raise Http404 from error
    try:
        restored = services.person_merge_undo(actor=request.user, merge=record)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("contacts:person_detail", pk=survivor.pk)
    messages.success(
        request,
        _("The merge was undone: %(name)s is back with their own data and links.")
        % {"name": restored},
    )
    return redirect("contacts:person_detail", pk=restored.pk)
