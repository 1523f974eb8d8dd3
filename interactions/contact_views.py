"""The page of one logged contact: read it, correct it, delete it (managers). Thin, through
``interactions.selectors`` and ``interactions.services``, with the same rules as logging one."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.models import Organisation, Person
from contacts.selectors import organisation_list
from crm import access
from crm.access import EDITORS, Action
from crm.services import referrers
from crm.users import User
from crm.web.deleting import Deletion, delete_page, lines
from crm.web.forms import apply_form_errors
from interactions import selectors, services
from interactions.forms import InteractionEditForm
from interactions.models import FollowUp, Interaction


def _interaction(request: HttpRequest, pk: int) -> Interaction:
    access.require_capability(request.user, "personal_data.view")
    interaction = selectors.interaction_for_page(user=request.user, pk=pk)
    if interaction is None:
        raise Http404
    return interaction


@login_required
@require_GET
def interaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who, when, with which organisations and people, about what; its tasks and history."""
    interaction = _interaction(request, pk)
    return render(
        request,
        "interactions/interaction_detail.html",
        {
            "interaction": interaction,
            "organisations": list(interaction.organisations.all()),
            "people": list(interaction.people.all()),
            "follow_ups": list(interaction.follow_ups.all()),
            "history": _history_lines(selectors.interaction_history(interaction=interaction)),
            "may_change": access.can(request.user, Action.CHANGE, interaction),
            "may_delete": access.can(request.user, Action.DELETE, interaction),
            "may_add_task": access.can(request.user, Action.ADD, FollowUp),
        },
    )


def _field_label(name: str) -> str:
    try:
        field = Interaction._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _history_lines(entries: list[Any]) -> list[dict[str, Any]]:
    """The action log of the contact in words: logged, or which fields changed."""
    result = []
    for entry in entries:
        verb = entry.verb.rsplit(".", 1)[-1]
        if verb == "logged":
            text = _("Logged")
        elif verb == "updated":
            fields = entry.details.get("fields", [])
            text = _("Changed: %(fields)s") % {"fields": ", ".join(map(_field_label, fields))}
        else:
            text = entry.verb
        result.append({"at": entry.at, "actor": entry.actor, "text": text})
    return result


def _people_choices(user: Any, organisation_ids: list[int], current: list[int]) -> QuerySet[Person]:
    """The people of the contact's organisations who may be named (not restricted, not
    anonymised) and everyone named already, who stays whatever happened to them since."""
    return (
        access.scope(Person.objects.all(), user)
        .filter(
            Q(
                affiliations__organisation__in=organisation_ids,
                affiliations__ended_on__isnull=True,
                restricted=False,
                anonymised_at__isnull=True,
            )
            | Q(pk__in=current)
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def _staff_choices(current: list[int]) -> QuerySet[User]:
    return User.objects.filter(
        Q(is_active=True, role__in=sorted(EDITORS)) | Q(pk__in=current)
    ).order_by("last_name", "first_name", "username")


def _edit_form(request: HttpRequest, interaction: Interaction) -> InteractionEditForm:
    organisation_ids = [o.pk for o in interaction.organisations.all()]
    people_ids = [p.pk for p in interaction.people.all()]
    staff_ids = [s.pk for s in interaction.staff.all()]
    when = timezone.localtime(interaction.occurred_at)
    return InteractionEditForm(
        request.POST or None,
        current_organisations=access.scope(
            Organisation.objects.filter(pk__in=organisation_ids), request.user
        ).order_by("name"),
        organisations=organisation_list(user=request.user),
        people=_people_choices(request.user, organisation_ids, people_ids),
        staff=_staff_choices(staff_ids),
        initial={
            "kind": interaction.kind,
            "occurred_on": when.date(),
            "occurred_time": when.time().replace(second=0, microsecond=0)
            if interaction.has_time
            else None,
            "duration_minutes": interaction.duration_minutes,
            "subject": interaction.subject,
            "notes": interaction.notes,
            "outcome": interaction.outcome,
            "organisations": organisation_ids,
            "people": people_ids,
            "staff": staff_ids,
            "topics": [t.pk for t in interaction.topics.all()],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a contact through ``interaction_update``: the rules of logging one apply."""
    interaction = _interaction(request, pk)
    access.require(request.user, Action.CHANGE, interaction)
    form = _edit_form(request, interaction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        time = data["occurred_time"]
        occurred_at = timezone.make_aware(
            datetime.datetime.combine(data["occurred_on"], time or datetime.time.min)
        )
        try:
            services.interaction_update(
                actor=request.user,
                interaction=interaction,
                kind=data["kind"],
                occurred_at=occurred_at,
                has_time=time is not None,
                duration_minutes=data["duration_minutes"],
                subject=data["subject"],
                notes=data["notes"],
                outcome=data["outcome"],
                organisations=data["organisation_list"],
                people=list(data["people"]),
                staff=list(data["staff"]),
                topics=list(data["topics"]),
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied as error:
            form.add_error(
                "add_organisation",
                str(error)
                or _("You may change contacts only with organisations of your subregions."),
            )
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("interactions:interaction_detail", pk=interaction.pk)
    return render(
        request, "interactions/interaction_edit.html", {"form": form, "interaction": interaction}
    )


@login_required
@require_http_methods(["GET", "POST"])
def interaction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers remove a contact logged by mistake; its tasks stay, without the link."""
    interaction = _interaction(request, pk)
    access.require(request.user, Action.DELETE, interaction)
    detail_url = reverse("interactions:interaction_detail", args=[interaction.pk])
    found = referrers(interaction)
    first = interaction.organisations.all()[:1]
    return delete_page(
        request,
        Deletion(
            obj=interaction,
            title=_("Delete the contact “%(subject)s”?") % {"subject": interaction.subject},
            delete=lambda: services.interaction_delete(actor=request.user, interaction=interaction),
            back_url=detail_url,
            done_url=reverse("contacts:organisation_detail", args=[first[0].pk])
            if first
            else reverse("interactions:interaction_list"),
            done_message=_("The contact was deleted."),
            stays=lines(
                request.user, interaction, [r for r in found if r.model is FollowUp], detail_url
            ),
            blockers=lines(
                request.user, interaction, [r for r in found if r.model is not FollowUp], detail_url
            ),
        ),
    )
