"""Pages of the contact log and events: thin, through selectors and services (a contact's own
page is in ``contact_views``, tasks in ``task_views``).

The contact log and tasks name people: roles without personal data (viewers) do not see them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.lists.state import list_state
from crm.web.forms import apply_form_errors
from interactions import selectors, services
from interactions.forms import EventForm, InteractionForm, RegisterForm
from interactions.models import (
    Event,
    EventKind,
    Interaction,
    InteractionKind,
    Participation,
)
from interactions.task_views import assignees as task_assignees


@login_required
@require_GET
def interaction_list(request: HttpRequest) -> HttpResponse:
    from interactions.filters import InteractionFilter

    access.require_capability(request.user, "contact_log.view")
    sees_people = access.has_capability(request.user, "personal_data.view")
    listing = list_state(request, "contact_log")
    params = listing.params.copy()
    if not sees_people:
        # Whom a contact was with is personal data: no filtering by person either.
        params.pop("person", None)
    mine = params.get("staff") == "me"
    if mine:
        params["staff"] = str(request.user.pk)
    queryset = selectors.contact_log(user=request.user, days=365 * 10)
    filterset = InteractionFilter(params or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if listing.shown.get("people"):
        rows = selectors.with_people(rows, user=request.user)
    page = Paginator(rows.prefetch_related("tags"), listing.page_size).get_page(
        request.GET.get("page")
    )
    if listing.shown.get("people"):
        page.object_list = list(page.object_list)
        seen = [p.pk for i in page.object_list for p in i.seen_people]  # type: ignore[attr-defined]
        access_log_write(user=request.user, person_ids=seen, what=AccessLog.What.LIST)
    return render(
        request,
        "interactions/interaction_list.html",
        {
            "page_obj": page,
            "mine": mine,
            "kinds": InteractionKind.choices,
            "selected_kinds": request.GET.getlist("kind"),
            "subregions": _subregions(),
            "may_add": access.can(request.user, Action.ADD, Interaction),
            "sees_people": sees_people,
            "listing": listing,
            "cols": listing.shown,
        },
    )


def _subregions() -> list[Any]:
    from crm.territory.models import Subregion

    return list(Subregion.objects.order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def interaction_create(request: HttpRequest) -> HttpResponse:
    """Log a contact; reached in two clicks from the dashboard or an organisation's page."""
    access.require_capability(request.user, "personal_data.view")
    access.require(request.user, Action.ADD, Interaction)
    organisations = organisation_list(user=request.user)
    preset = None
    if request.GET.get("organisation", "").isdigit():
        preset = organisations.filter(pk=int(request.GET["organisation"])).first()
    people = None
    if preset is not None:
        from contacts.models import Person

        people = (
            access.scope(Person.objects.all(), request.user)
            .filter(affiliations__organisation=preset, affiliations__ended_on__isnull=True)
            # Restricted (art. 18) and anonymised people get no new records.
            .filter(restricted=False, anonymised_at__isnull=True)
            .distinct()
        )
    form = InteractionForm(
        request.POST or None,
        organisations=organisations,
        people=people,
        assignees=task_assignees(request.user),
        initial={"organisation": preset} if preset else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # No time given: the contact keeps "no time" (the clock of the logging is not its time).
        occurred_at = datetime.datetime.combine(
            data["occurred_on"], data["occurred_time"] or datetime.time.min
        )
        try:
            with transaction.atomic():
                interaction = services.interaction_log(
                    actor=request.user,
                    kind=data["kind"],
                    organisation=data["organisation"],
                    subject=data["subject"],
                    occurred_at=timezone.make_aware(occurred_at),
                    has_time=data["occurred_time"] is not None,
                    duration_minutes=data["duration_minutes"],
                    notes=data["notes"],
                    outcome=data["outcome"],
                    people=list(data["people"]),
                    topics=list(data["topics"]),
                )
                if data["next_step"]:
                    services.follow_up_create(
                        actor=request.user,
                        title=data["next_step"],
                        due_on=data["next_step_due"],
                        interaction=interaction,
                        organisation=data["organisation"],
                        assignee=data["next_step_assignee"],
                    )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error(
                "organisation",
                _("You may log contacts only with organisations of your subregions."),
            )
        else:
            given_to = data["next_step_assignee"]
            if not data["next_step"]:
                text = _("The contact was logged.")
            elif given_to is None or given_to.pk == request.user.pk:
                text = _("The contact was logged and the next step added to your tasks.")
            else:
                text = _("The contact was logged and the next step given to %(name)s.") % {
                    "name": given_to.display_name
                }
            messages.success(request, text)
            if "save_add_another" in request.POST:
                # The next contact is usually with the same organisation: keep it chosen.
                return redirect(
                    f"{reverse('interactions:interaction_create')}"
                    f"?organisation={data['organisation'].pk}"
                )
            return redirect("contacts:organisation_detail", pk=data["organisation"].pk)
    return render(request, "interactions/interaction_form.html", {"form": form, "preset": preset})


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
            "subregions": _subregions(),
            "listing": listing,
            "cols": listing.shown,
        },
    )


def _event(request: HttpRequest, pk: int) -> Event:
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
    event = _event(request, pk)
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
    event = _event(request, pk)
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
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Action.ADD, Event)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            event = services.event_create(
                actor=request.user,
                kind=data.pop("kind"),
                title=data.pop("title"),
                starts_on=data.pop("starts_on"),
                **data,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not add events."))
        else:
            messages.success(request, _("The event was added."))
            return redirect("interactions:event_detail", pk=event.pk)
    return render(request, "interactions/event_form.html", {"form": form})


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "personal_data.view")
    event = _event(request, pk)
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
