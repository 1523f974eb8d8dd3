"""Pages that write partnerships: create, edit, add and remove a party. Thin, through the
services in ``networks.services``; the list and the detail page live in ``networks.views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.web.forms import apply_form_errors, edit_form
from interactions.models import Event, Interaction
from networks import selectors, services
from networks.forms import PartnershipForm, PartyForm
from networks.models import Partnership, PartnershipParty

# The origin pickers list the newest rows only: a long select helps nobody.
ORIGIN_CHOICES = 200


def _events(user: Any, current: Partnership | None = None) -> QuerySet[Event]:
    rows = access.scope(Event.objects.all(), user).order_by("-starts_on", "-id")
    ids = list(rows.values_list("pk", flat=True)[:ORIGIN_CHOICES])
    if current is not None and current.origin_event_id:
        ids.append(current.origin_event_id)
    return access.scope(Event.objects.filter(pk__in=ids), user).order_by("-starts_on", "-id")


def _interactions(user: Any, current: Partnership | None = None) -> QuerySet[Interaction]:
    rows = access.scope(Interaction.objects.all(), user).order_by("-occurred_at", "-id")
    ids = list(rows.values_list("pk", flat=True)[:ORIGIN_CHOICES])
    if current is not None and current.origin_interaction_id and ids:
        ids.append(current.origin_interaction_id)
    return access.scope(Interaction.objects.filter(pk__in=ids), user).order_by(
        "-occurred_at", "-id"
    )


def _partnership(user: Any, pk: int) -> Partnership:
    partnership = selectors.partnership_list(user=user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership


@login_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Action.ADD, Partnership)
    organisations = organisation_list(user=request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("organisation", "").isdigit():
        # Reached from an organisation's page: it is the first party.
        preset = organisations.filter(pk=int(request.GET["organisation"])).first()
        if preset is not None:
            initial["organisation"] = f"{preset.name} #{preset.pk}"
    form = PartnershipForm(
        request.POST or None,
        initial=initial,
        events=_events(request.user),
        interactions=_interactions(request.user),
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_create(
                actor=request.user,
                parties=[(form.cleaned_data["organisation"], form.cleaned_data["role"])],
                **form.partnership_fields(),
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error("organisation", _("You may add only organisations of your subregions."))
        else:
            messages.success(request, _("The partnership was recorded."))
            return redirect("networks:partnership_detail", pk=partnership.pk)
    return render(request, "networks/partnership_form.html", {"form": form, "partnership": None})


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request.user, pk)
    access.require(request.user, Action.CHANGE, partnership)
    form = edit_form(
        PartnershipForm,
        request.POST or None,
        instance=partnership,
        events=_events(request.user, partnership),
        interactions=_interactions(request.user, partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(
                actor=request.user, partnership=partnership, **form.partnership_fields()
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The partnership was saved."))
            return redirect("networks:partnership_detail", pk=partnership.pk)
    return render(
        request, "networks/partnership_form.html", {"form": form, "partnership": partnership}
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request.user, pk)
    access.require(request.user, Action.CHANGE, partnership)
    form = PartyForm(request.POST or None, organisations=organisation_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            if partnership.parties.filter(organisation=organisation).exists():
                # Said in the sector's words rather than the unique constraint's.
                raise ValidationError({"organisation": _("An organisation is a party only once.")})
            services.partnership_add_party(
                actor=request.user,
                partnership=partnership,
                organisation=organisation,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The party was added."))
            return redirect("networks:partnership_detail", pk=partnership.pk)
    return render(request, "networks/party_form.html", {"form": form, "partnership": partnership})


@login_required
@require_POST
def party_remove(request: HttpRequest, pk: int) -> HttpResponse:
    party = (
        access.scope(PartnershipParty.objects.all(), request.user)
        .filter(pk=pk, partnership__in=access.scope(Partnership.objects.all(), request.user))
        .select_related("organisation")
        .first()
    )
    if party is None:
        raise Http404
    partnership_id = party.partnership_id
    try:
        services.partnership_remove_party(actor=request.user, party=party)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(organisation)s is no longer a party.") % {"organisation": party.organisation},
        )
    return redirect("networks:partnership_detail", pk=partnership_id)
