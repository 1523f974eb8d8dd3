"""Tags on a record's page (add with suggestions, remove) and the managers' tag page
(rename, merge, delete)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm import access
from crm.access import Action
from crm.tags import selectors, services
from crm.tags.models import Tag
from crm.tags.registry import tagged_models


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return redirect(target)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def record_tags(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """Add a tag (by name, new or existing) to one record, or take one off."""
    info = tagged_models().get(label)
    if info is None:
        raise Http404
    visible = access.scope(info.model._default_manager.filter(pk=pk), request.user)
    record = visible.first()
    if record is None:
        raise Http404
    if not access.can(request.user, Action.CHANGE, record):
        raise PermissionDenied
    if "remove" in request.POST:
        tag = (
            Tag.objects.filter(pk=request.POST["remove"]).first()
            if request.POST["remove"].isdigit()
            else None
        )
        if tag is not None and services.tag_remove(actor=request.user, record=record, tag=tag):
            messages.success(request, _("The tag “%(name)s” was removed.") % {"name": tag.name})
        return _back(request)
    try:
        tag = services.tag_get_or_create(actor=request.user, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, _message(error))
        return _back(request)
    result = services.tags_add(actor=request.user, model=info.model, ids=[record.pk], tag=tag)
    if result.added:
        messages.success(request, _("Tagged “%(name)s”.") % {"name": tag.name})
    else:
        messages.info(request, _("It has the tag “%(name)s” already.") % {"name": tag.name})
    return _back(request)


@login_required
@require_GET
def tag_list(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "tags.manage")
    uses = selectors.tag_overview(user=request.user)
    return render(
        request,
        "tags/tag_list.html",
        {"uses": uses, "tags": [use.tag for use in uses], "kinds": tagged_models().values()},
    )


@login_required
@require_POST
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "tags.manage")
    tag = get_object_or_404(Tag, pk=pk)
    old = tag.name
    try:
        services.tag_rename(actor=request.user, tag=tag, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("“%(old)s” is now “%(new)s”.") % {"old": old, "new": tag.name},
        )
    return redirect("tags:tag_list")


@login_required
@require_POST
def tag_merge(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "tags.manage")
    tag = get_object_or_404(Tag, pk=pk)
    into_id = request.POST.get("into", "")
    into = Tag.objects.filter(pk=into_id).first() if into_id.isdigit() else None
    if into is None:
        messages.error(request, _("Choose the tag to merge into."))
        return redirect("tags:tag_list")
    name = tag.name
    try:
        moved = services.tag_merge(actor=request.user, tag=tag, into=into)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("“%(name)s” was merged into “%(into)s” (records: %(moved)d).")
            % {"name": name, "into": into.name, "moved": moved},
        )
    return redirect("tags:tag_list")


@login_required
@require_POST
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "tags.manage")
    tag = get_object_or_404(Tag, pk=pk)
    name = tag.name
    used = services.tag_delete(actor=request.user, tag=tag)
    messages.success(
        request,
        _("The tag “%(name)s” was deleted (it was on records: %(used)d).")
        % {"name": name, "used": used},
    )
    return redirect("tags:tag_list")
