"""The participants of an event in bulk: present or absent for the ticked rows, one removed,
and whole groups registered in one action (the members of a network, or the organisations of
a filtered organisation list).

A group is named by the organisation list's own filters (``?network=3``, ``?kind=…&gmina=…``),
so the list page and the event page hand the same query over, and networks (above this app)
contributes its "member of a network" filter to that list without being imported here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.extensions import organisation_filter_menus
from contacts.filters import OrganisationFilter
from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.web.deleting import Deletion, delete_page
from interactions import selectors, services
from interactions.models import Event, Participation, ParticipationStatus

# A group bigger than this is refused: a filter left out by mistake would register hundreds.
GROUP_LIMIT = 300
PREVIEW_ROWS = 50


def _event(request: HttpRequest, pk: int) -> Event:
    event = selectors.events_with_counts(user=request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


@login_required
@require_POST
def event_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """The ticked participants as present (or absent: the button says which)."""
    access.require_capability(request.user, "personal_data.view")
    event = _event(request, pk)
    status = request.POST.get("status") or ParticipationStatus.ATTENDED
    if status not in (ParticipationStatus.ATTENDED, ParticipationStatus.NO_SHOW):
        status = ParticipationStatus.ATTENDED
    ids = [int(v) for v in request.POST.getlist("participation") if v.isdigit()]
    if not ids:
        messages.error(request, _("Tick at least one participant."))
        return redirect("interactions:event_detail", pk=event.pk)
    try:
        count = services.participations_mark(
            actor=request.user, event=event, participation_ids=ids, status=status
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if status == ParticipationStatus.ATTENDED:
            messages.success(request, _("Marked as attended: %(count)s.") % {"count": count})
        else:
            messages.success(request, _("Marked as absent: %(count)s.") % {"count": count})
    return redirect("interactions:event_detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers take someone off an event's list (registered by mistake, or cancelled)."""
    access.require_capability(request.user, "personal_data.view")
    participation = (
        access.scope(Participation.objects.filter(pk=pk), request.user)
        .select_related("event", "person", "organisation")
        .first()
    )
    if participation is None:
        raise Http404
    access.require(request.user, Action.DELETE, participation)
    event_url = reverse("interactions:event_detail", args=[participation.event_id])
    who = participation.person or participation.organisation
    return delete_page(
        request,
        Deletion(
            obj=participation,
            title=_("Remove %(who)s from the event “%(event)s”?")
            % {"who": who, "event": participation.event.title},
            delete=lambda: services.participation_delete(
                actor=request.user, participation=participation
            ),
            back_url=event_url,
            done_url=event_url,
            done_message=_("Removed from the list of participants."),
            advice=_("The person and the organisation stay; only this registration goes."),
        ),
    )


def _group_query(request: HttpRequest) -> QueryDict:
    """The organisation list's filters from the query string (a POST keeps them there too),
    without paging."""
    query = request.GET.copy()
    for name in ("page", "ordering", "csrfmiddlewaretoken"):
        query.pop(name, None)
    return query


def _filter_labels(filterset: OrganisationFilter, user: Any) -> list[str]:
    """The active filters as people read them ("sieć: Podlaska Sieć KGW", "rodzaj: …")."""
    data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    menus = {menu.name: dict(menu.choices) for menu in organisation_filter_menus(user)}
    labels = []
    for name, value in data.items():
        if value in (None, "", [], ()):
            continue
        label = filterset.filters[name].label or name
        if name in menus:
            shown = menus[name].get(str(value), str(value))
        elif isinstance(value, list | tuple):
            choices = dict(getattr(filterset.filters[name], "extra", {}).get("choices", []))
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        else:
            shown = str(value)
        labels.append(f"{label}: {shown}")
    return labels


@login_required
@require_http_methods(["GET", "POST"])
def event_register_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: who the filters name, who is new and who is registered already; POST: register
    the new ones, then the event page says how many were added and how many were there."""
    access.require_capability(request.user, "personal_data.view")
    event = _event(request, pk)
    access.require(request.user, Action.ADD, Participation(event=event))
    query = _group_query(request)
    filterset = OrganisationFilter(query, queryset=organisation_list(user=request.user))
    menus = organisation_filter_menus(request.user)
    network_menu = next((menu for menu in menus if menu.name == "network"), None)
    named = any(value for key, value in query.lists() if key in filterset.filters and any(value))
    error = ""
    organisations: list[Any] = []
    if not named:
        error = _("Choose a network (or filter the organisation list) to register its members.")
    elif not filterset.is_valid():
        error = _("The filters are not valid: %(errors)s") % {
            "errors": " ".join(str(e) for errors in filterset.errors.values() for e in errors)
        }
    else:
        organisations = list(filterset.qs.order_by("name", "id")[: GROUP_LIMIT + 1])
        if len(organisations) > GROUP_LIMIT:
            error = _("The filters name more than %(limit)s organisations: narrow them down.") % {
                "limit": GROUP_LIMIT
            }
    registered = set(
        access.scope(Participation.objects.filter(event=event), request.user).values_list(
            "organisation_id", flat=True
        )
    )
    new = [o for o in organisations if o.pk not in registered]
    already = [o for o in organisations if o.pk in registered]
    if request.method == "POST" and not error:
        if not new:
            messages.info(request, _("Every one of them is registered already."))
            return redirect("interactions:event_detail", pk=event.pk)
        try:
            added, were = services.participations_register_organisations(
                actor=request.user, event=event, organisations=new + already
            )
        except PermissionDenied:
            error = _("You may not register organisations for this event.")
        else:
            messages.success(request, _registered_message(len(added), len(were)))
            return redirect("interactions:event_detail", pk=event.pk)
    return render(
        request,
        "interactions/event_register_organisations.html",
        {
            "event": event,
            "network_menu": network_menu,
            "chosen_network": query.get("network", ""),
            "filters": _filter_labels(filterset, request.user) if named else [],
            "hidden": [(k, v) for k, values in query.lists() for v in values if k != "network"],
            "query": query.urlencode(),
            "error": error,
            "new": new[:PREVIEW_ROWS],
            "new_count": len(new),
            "already": already[:PREVIEW_ROWS],
            "already_count": len(already),
        },
        status=400 if error and request.method == "POST" else 200,
    )


def _registered_message(added: int, already: int) -> str:
    text = ngettext(
        "%(count)s organisation registered.", "%(count)s organisations registered.", added
    ) % {"count": added}
    if already:
        text += " " + ngettext(
            "%(count)s was registered already.", "%(count)s were registered already.", already
        ) % {"count": already}
    return text


@login_required
@require_GET
def events_for_organisations(request: HttpRequest) -> HttpResponse:
    """From the organisation list: pick the event to register the listed organisations for."""
    access.require_capability(request.user, "personal_data.view")
    events = (
        access.scope(Event.objects.all(), request.user, Action.CHANGE)
        .filter(starts_on__gte=timezone.localdate())
        .order_by("starts_on", "id")[:50]
    )
    query = _group_query(request).urlencode()
    return render(
        request,
        "interactions/events_for_organisations.html",
        {"events": events, "query": query},
    )
