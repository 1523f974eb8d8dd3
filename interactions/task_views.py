"""Pages of tasks (follow-ups): mine, those I gave, the team's overdue ones for managers; a new
task for me or a colleague, with or without a contact; edit, reassign, done, postpone, delete.
Thin, through ``interactions.selectors`` and ``interactions.services``."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.selectors import organisation_list
from crm import access
from crm.access import EDITORS, Action
from crm.lists.state import list_state
from crm.users import User
from crm.web.deleting import Deletion, delete_page
from crm.web.forms import apply_form_errors
from interactions import services
from interactions.forms import FollowUpForm, PostponeForm
from interactions.models import Event, FollowUp, Interaction
from interactions.selectors import follow_ups_listed

# Events a task may be about: from a year back on (a task about an old event is rare).
EVENT_CHOICE_DAYS = 365


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
@require_GET
def followup_list(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "personal_data.view")
    may_see_all = access.has_capability(request.user, "follow_ups.see_all")
    who = request.GET.get("who", "mine")
    allowed = ("mine", "given", "overdue", "team", "all") if may_see_all else ("mine", "given")
    if who not in allowed:
        who = "mine"
    listing = list_state(request, "tasks")
    rows = follow_ups_listed(user=request.user, who=who)
    page = Paginator(rows, listing.page_size).get_page(request.GET.get("page"))
    return render(
        request,
        "interactions/followup_list.html",
        {
            "page_obj": page,
            "who": who,
            "may_see_all": may_see_all,
            "may_add": access.can(request.user, Action.ADD, FollowUp),
            "today": timezone.localdate(),
            "listing": listing,
            "cols": listing.shown,
        },
    )


def _follow_up(request: HttpRequest, pk: int) -> FollowUp:
    """A task the user may act on: theirs, one they gave, or anyone's for managers."""
    access.require_capability(request.user, "personal_data.view")
    follow_up = (
        access.scope(FollowUp.objects.all(), request.user)
        .select_related("assignee", "organisation", "interaction", "event", "created_by")
        .filter(pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404
    if request.user.pk not in (follow_up.assignee_id, follow_up.created_by_id) and not (
        access.has_capability(request.user, "follow_ups.see_all")
    ):
        raise PermissionDenied
    return follow_up


def assignees(user: Any) -> QuerySet[User]:
    """Who a task may be given to: oneself and every active team member, manager and
    administrator (the service holds the same rule)."""
    return User.objects.filter(
        Q(pk=user.pk) | Q(is_active=True, role__in=sorted(EDITORS))
    ).order_by("last_name", "first_name", "username")


def _events(user: Any, current: Event | None = None) -> QuerySet[Event]:
    since = timezone.localdate() - datetime.timedelta(days=EVENT_CHOICE_DAYS)
    condition = Q(starts_on__gte=since)
    if current is not None:
        condition |= Q(pk=current.pk)
    return access.scope(Event.objects.filter(condition), user).order_by("starts_on", "id")


def _form(
    request: HttpRequest, initial: dict[str, Any], event: Event | None = None
) -> FollowUpForm:
    return FollowUpForm(
        request.POST or None,
        assignees=assignees(request.user),
        organisations=organisation_list(user=request.user),
        events=_events(request.user, event),
        initial=initial,
    )


def _refused(form: FollowUpForm, error: Exception) -> None:
    if isinstance(error, ValidationError):
        apply_form_errors(form, error)
    else:
        form.add_error(
            "organisation",
            _("You may set tasks only about organisations of your subregions."),
        )


@login_required
@require_http_methods(["GET", "POST"])
def followup_create(request: HttpRequest) -> HttpResponse:
    """A new task, for me or a colleague; ``?organisation=``, ``?interaction=`` and ``?event=``
    preset what it is about."""
    access.require_capability(request.user, "personal_data.view")
    access.require(request.user, Action.ADD, FollowUp)
    interaction = None
    if request.GET.get("interaction", "").isdigit():
        interaction = (
            access.scope(Interaction.objects.all(), request.user)
            .filter(pk=int(request.GET["interaction"]))
            .first()
        )
    initial: dict[str, Any] = {"assignee": request.user.pk}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    elif interaction is not None:
        first = interaction.organisations.all()[:1]
        if first:
            initial["organisation"] = first[0].pk
    if request.GET.get("event", "").isdigit():
        initial["event"] = int(request.GET["event"])
    form = _form(request, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            follow_up = services.follow_up_create(
                actor=request.user,
                title=data["title"],
                due_on=data["due_on"],
                assignee=data["assignee"],
                organisation=data["organisation"],
                interaction=interaction,
                event=data["event"],
                notes=data["notes"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            if follow_up.assignee_id == request.user.pk:
                messages.success(request, _("The task was added to your tasks."))
            else:
                messages.success(
                    request,
                    _("The task was given to %(name)s; they get an e-mail about it.")
                    % {"name": follow_up.assignee.display_name},
                )
            if interaction is not None:
                return redirect("interactions:interaction_detail", pk=interaction.pk)
            return redirect(f"{reverse('interactions:followup_list')}?who=given")
    return render(
        request, "interactions/followup_form.html", {"form": form, "interaction": interaction}
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an open task or give it to someone else (who is told once, by e-mail)."""
    follow_up = _follow_up(request, pk)
    access.require(request.user, Action.CHANGE, follow_up)
    form = _form(
        request,
        {
            "title": follow_up.title,
            "due_on": follow_up.due_on,
            "assignee": follow_up.assignee_id,
            "organisation": follow_up.organisation_id,
            "event": follow_up.event_id,
            "notes": follow_up.notes,
        },
        follow_up.event,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_update(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The task was saved."))
            return redirect(_next_url(request, reverse("interactions:followup_list")))
    return render(
        request,
        "interactions/followup_form.html",
        {
            "form": form,
            "follow_up": follow_up,
            "interaction": follow_up.interaction,
            "may_delete": access.can(request.user, Action.DELETE, follow_up),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers remove a task set by mistake (one no longer needed is cancelled instead)."""
    follow_up = _follow_up(request, pk)
    access.require(request.user, Action.DELETE, follow_up)
    back = reverse("interactions:followup_edit", args=[follow_up.pk])
    return delete_page(
        request,
        Deletion(
            obj=follow_up,
            title=_("Delete the task “%(title)s”?") % {"title": follow_up.title},
            delete=lambda: services.follow_up_delete(actor=request.user, follow_up=follow_up),
            back_url=back,
            done_url=reverse("interactions:followup_list"),
            done_message=_("The task was deleted."),
        ),
    )


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(request, pk)
    try:
        services.follow_up_complete(actor=request.user, follow_up=follow_up)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Task “%(title)s” is done.") % {"title": follow_up.title})
    return redirect(_next_url(request, "/"))


@login_required
@require_POST
def followup_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(request, pk)
    form = PostponeForm(request.POST)
    if form.is_valid() and (form.cleaned_data["days"] or form.cleaned_data["due_on"]):
        try:
            if form.cleaned_data["due_on"]:
                services.follow_up_postpone(
                    actor=request.user, follow_up=follow_up, due_on=form.cleaned_data["due_on"]
                )
            else:
                # Postponing an overdue task counts from today, not from the missed date.
                base = max(follow_up.due_on, timezone.localdate())
                services.follow_up_postpone(
                    actor=request.user,
                    follow_up=follow_up,
                    due_on=base + datetime.timedelta(days=form.cleaned_data["days"]),
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Task “%(title)s” moved to %(date)s.")
                % {"title": follow_up.title, "date": follow_up.due_on.strftime("%d.%m.%Y")},
            )
    else:
        messages.error(request, _("Choose how long to postpone the task."))
    return redirect(_next_url(request, "/"))
