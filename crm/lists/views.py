"""The forms every list page carries: its settings (rows a page, sort, columns) and its saved
views. Each answers with a redirect back to the list it came from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.lists import services
from crm.lists.registry import LISTS, ListSpec
from crm.lists.state import saved_view_visible


def _spec(key: str) -> ListSpec:
    if key not in LISTS:
        raise Http404
    return LISTS[key]


def _back(request: HttpRequest, spec: ListSpec) -> str:
    """The list page the form was on (a path of this site only), without its query."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target.split("?")[0]
    return reverse(spec.url_name) if spec.url_name else reverse("home")


@login_required
@require_POST
def list_settings(request: HttpRequest, key: str) -> HttpResponse:
    spec = _spec(key)
    size = request.POST.get("page_size", "")
    try:
        services.list_preference_set(
            actor=request.user,
            list_key=key,
            page_size=int(size) if size.isdigit() else None,
            ordering=request.POST.get("ordering", ""),
            shown_columns=request.POST.getlist("column"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    query = request.POST.get("query", "")
    return redirect(_back(request, spec) + ("?" + query if query else ""))


@login_required
@require_POST
def saved_view_create(request: HttpRequest, key: str) -> HttpResponse:
    spec = _spec(key)
    query = request.POST.get("query", "").lstrip("?")
    try:
        view = services.saved_view_create(
            actor=request.user,
            list_key=key,
            name=request.POST.get("name", ""),
            query=query,
            is_shared=request.POST.get("is_shared") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request, spec) + "?" + query)
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
    return redirect(_back(request, spec) + "?" + view.query)


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = saved_view_visible(user=request.user, pk=pk)
    if view is None or view.list_key not in LISTS:
        raise Http404
    services.saved_view_delete(actor=request.user, view=view)
    messages.success(request, _("The view was removed."))
    return redirect(_back(request, LISTS[view.list_key]))
