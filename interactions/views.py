"""Pages of the contact log: its list and logging a contact; thin, through selectors and
services (a contact's own page is in ``contact_views``, tasks in ``task_views``, events in
``event_pages`` and ``event_views``).

The contact log and tasks name people: roles without personal data (viewers) do not see them.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.lists.state import list_state
from crm.territory.selectors import subregions_by_name
from crm.web.forms import apply_form_errors
from interactions import selectors, services
from interactions.forms import InteractionForm
from interactions.models import Interaction, InteractionKind
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
            "subregions": subregions_by_name(),
            "may_add": access.can(request.user, Action.ADD, Interaction),
            "sees_people": sees_people,
            "listing": listing,
            "cols": listing.shown,
        },
    )


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
