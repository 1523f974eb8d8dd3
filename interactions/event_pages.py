"""Pages of events: the list, an event's page with its printable attendance list, and
registering an organisation from the event's page. Thin, through selectors and services;
adding, editing and deleting an event and registering one person are in ``event_views``.

Who takes part names people: roles without personal data (viewers) do not see them.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.lists.state import list_state
from crm.territory.selectors import subregions_by_name
from interactions import selectors, services
from interactions.forms import RegisterForm
from interactions.models import Event, EventKind, Participation


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    from interactions.filters import EventFilter

    listing = list_state(request, "events")
    queryset = selectors.events_with_counts(user=request.user)
    filterset = EventFilter(listing.params or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows.prefetch_related("tags"), listing.page_size).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "interactions/event_list.html",
        {
            "page_obj": page,
            "may_add": access.can(request.user, Action.ADD, Event),
            "kinds": EventKind.choices,
            "selected_kinds": request.GET.getlist("kind"),
            "subregions": subregions_by_name(),
            "listing": listing,
            "cols": listing.shown,
        },
    )


def event_shown(request: HttpRequest, pk: int) -> Event:
    event = selectors.events_with_counts(user=request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def _participants(request: HttpRequest, event: Event) -> list[Participation]:
    if not access.has_capability(request.user, "personal_data.view"):
        return []
    return list(
        access.scope(Participation.objects.filter(event=event), request.user)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__last_name", "id")
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_shown(request, pk)
    may_change = access.can(request.user, Action.CHANGE, event) and access.has_capability(
        request.user, "personal_data.view"
    )
    return render(
        request,
        "interactions/event_detail.html",
        {
            "event": event,
            "participants": _participants(request, event),
            "may_change": may_change,
            "may_edit": access.can(request.user, Action.CHANGE, event),
            "may_remove": access.can(request.user, Action.DELETE, Participation),
            "started": event.starts_on <= timezone.localdate(),
            "register_form": RegisterForm(organisations=organisation_list(user=request.user)),
            "sees_people": access.has_capability(request.user, "personal_data.view"),
        },
    )


@login_required
@require_GET
def event_attendance_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable attendance list: one row per participant with space to sign."""
    access.require_capability(request.user, "personal_data.view")
    event = event_shown(request, pk)
    last = max(event.ends_on or event.starts_on, event.starts_on)
    # One signature column per day: a two-day study visit is signed for on each day. Past a
    # week the sheet would not fit on paper: one column then.
    span = (last - event.starts_on).days + 1
    days = [event.starts_on + datetime.timedelta(days=n) for n in range(span)] if span <= 7 else []
    place = event.address.strip()
    # "Rynek Kościuszki, Białystok" already names the town: the gmina is not said twice.
    if event.gmina and event.gmina.name.casefold() not in place.casefold():
        place = f"{place}, {event.gmina.display_name}" if place else event.gmina.display_name
    return render(
        request,
        "interactions/event_attendance.html",
        {
            "event": event,
            "participants": _participants(request, event),
            "days": days if len(days) > 1 else [],
            "place": place,
        },
    )


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "personal_data.view")
    event = event_shown(request, pk)
    form = RegisterForm(request.POST, organisations=organisation_list(user=request.user))
    if form.is_valid():
        try:
            services.participation_register(
                actor=request.user,
                event=event,
                organisation=form.cleaned_data["organisation"],
                status=form.cleaned_data["status"],
            )
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
            messages.error(request, text or _("You may not register this organisation."))
        else:
            messages.success(request, _("Registered."))
        return redirect("interactions:event_detail", pk=event.pk)
    return render(
        request,
        "interactions/event_detail.html",
        {
            "event": event,
            "participants": _participants(request, event),
            "may_change": True,
            "register_form": form,
            "sees_people": True,
        },
        status=400,
    )
