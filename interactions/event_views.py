"""Pages that write events: add and edit an event, register one person for it, delete it. Thin,
through ``interactions.services``; the list, the event's page and registering an organisation
are in ``interactions.event_pages``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts.models import Person
from contacts.selectors import organisation_list
from contacts.services.linking import people_linkable
from crm import access
from crm.access import Action
from crm.services import referrers
from crm.web.deleting import Deletion, Line, delete_page, lines
from crm.web.forms import apply_form_errors, edit_form
from interactions import services
from interactions.event_pages import event_shown
from interactions.forms import EventForm, RegisterPersonForm
from interactions.models import Event, FollowUp, Participation, ParticipationStatus

# The people offered as suggestions: those of the organisations already on the list.
SUGGESTED_PEOPLE = 100


def people_for(user: Any) -> QuerySet[Person]:
    """People the user may register: in their reach and not restricted (art. 18)."""
    return people_linkable(user=user).filter(restricted=False, anonymised_at__isnull=True)


def suggested_people(user: Any, event: Event) -> list[Person]:
    """People affiliated with the organisations registered for ``event``, not yet on the list."""
    registered = Participation.objects.filter(event=event)
    return list(
        people_for(user)
        .filter(
            affiliations__organisation__in=registered.values("organisation"),
            affiliations__ended_on__isnull=True,
        )
        .exclude(pk__in=registered.filter(person__isnull=False).values("person"))
        .distinct()
        .order_by("last_name", "first_name", "id")[:SUGGESTED_PEOPLE]
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
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_shown(request, pk)
    access.require(request.user, Action.CHANGE, event)
    form = edit_form(EventForm, request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error("gmina", _("You may place events only in your subregions."))
        else:
            messages.success(request, _("The event was saved."))
            return redirect("interactions:event_detail", pk=event.pk)
    return render(request, "interactions/event_form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_register_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Register one person (a participant of a training, a visitor of a fair)."""
    access.require_capability(request.user, "personal_data.view")
    event = event_shown(request, pk)
    access.require(request.user, Action.CHANGE, event)
    form = RegisterPersonForm(
        request.POST or None,
        people=people_for(request.user),
        organisations=organisation_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.participation_register(
                actor=request.user,
                event=event,
                person=person,
                organisation=form.cleaned_data["organisation"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not register people for this event."))
        else:
            messages.success(request, _("%(person)s is registered.") % {"person": person})
            return redirect("interactions:event_detail", pk=event.pk)
    return render(
        request,
        "interactions/event_register_person.html",
        {"form": form, "event": event, "suggested": suggested_people(request.user, event)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers remove an event entered by mistake: its invitations and registrations go with
    it, tasks about it stay; one that people attended or a partnership came out of stays."""
    event = event_shown(request, pk)
    access.require(request.user, Action.DELETE, event)
    detail_url = reverse("interactions:event_detail", args=[event.pk])
    found = referrers(event)
    registrations = [r for r in found if r.model is Participation]
    attended = access.scope(
        Participation.objects.filter(event=event, status=ParticipationStatus.ATTENDED),
        request.user,
    ).count()
    blockers = lines(
        request.user,
        event,
        [r for r in found if r.model not in (Participation, FollowUp)],
        detail_url,
    )
    if attended:
        blockers.insert(0, Line(_("participants who attended"), attended, detail_url))
    return delete_page(
        request,
        Deletion(
            obj=event,
            title=_("Delete the event “%(title)s”?") % {"title": event.title},
            delete=lambda: services.event_delete(actor=request.user, event=event),
            back_url=detail_url,
            done_url=reverse("interactions:event_list"),
            done_message=_("The event was deleted."),
            goes_with=[] if attended else lines(request.user, event, registrations, detail_url),
            stays=lines(request.user, event, [r for r in found if r.model is FollowUp], detail_url),
            blockers=blockers,
            advice=_("An event that took place stays: its attendance is the programme's record."),
        ),
    )
