"""Pages of networks and partnerships: thin, through the selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.lists.state import list_state
from crm.territory.selectors import subregions_by_name
from crm.web.forms import apply_form_errors
from networks import selectors, services
from networks.charts import GrowthChoice, GrowthChoiceForm, network_member_chart
from networks.forms import MembershipJoinForm, MembershipLeaveForm
from networks.models import (
    Membership,
    Network,
    NetworkKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
)
from networks.selectors import networks_with_counts

HISTORY_ROWS = 50


def _network(user: Any, pk: int) -> Network:
    network = networks_with_counts(user=user, today=timezone.localdate()).filter(pk=pk).first()
    if network is None:
        raise Http404
    return network


@login_required
@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    from networks.filters import NetworkFilter

    listing = list_state(request, "networks")
    queryset = networks_with_counts(user=request.user, today=timezone.localdate())
    filterset = NetworkFilter(listing.params or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, listing.page_size).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/network_list.html",
        {
            "page_obj": page,
            "kinds": NetworkKind.choices,
            "subregions": subregions_by_name(),
            "listing": listing,
            "cols": listing.shown,
        },
    )


@login_required
@require_GET
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network(request.user, pk)
    today = timezone.localdate()
    listing = list_state(request, "network_members", saved_views=False)
    members = selectors.members_on(user=request.user, network=network, on=today)
    history = selectors.network_memberships(user=request.user, network=network)
    choice = GrowthChoice.from_query(request.GET)
    members_chart, flows_chart = network_member_chart(
        user=request.user, network=network, today=today, choice=choice
    )
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "members": Paginator(members, listing.page_size).get_page(request.GET.get("page")),
            "listing": listing,
            "cols": listing.shown,
            "history": list(history[:HISTORY_ROWS]),
            "charts": [members_chart, flows_chart],
            "growth_form": GrowthChoiceForm(
                initial={"interval": choice.interval, "range": choice.range}
            ),
            "may_add_member": access.can(request.user, Action.ADD, Membership),
            "join_form": MembershipJoinForm(organisations=organisation_list(user=request.user)),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network(request.user, pk)
    access.require(request.user, Action.ADD, Membership)
    form = MembershipJoinForm(
        request.POST or None, organisations=organisation_list(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_join(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                network=network,
                joined_on=form.cleaned_data["joined_on"],
                role=form.cleaned_data["role"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error("organisation", _("You may add only organisations of your subregions."))
        else:
            messages.success(request, _("The organisation joined the network."))
            return redirect("networks:network_detail", pk=network.pk)
    return render(request, "networks/membership_form.html", {"form": form, "network": network})


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = (
        access.scope(Membership.objects.all(), request.user)
        .select_related("organisation", "network")
        .filter(pk=pk)
        .first()
    )
    if membership is None:
        raise Http404
    access.require(request.user, Action.CHANGE, membership)
    form = MembershipLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_leave(
                actor=request.user,
                membership=membership,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("networks:network_detail", pk=membership.network_id)
    return render(request, "networks/membership_end.html", {"form": form, "membership": membership})


@login_required
@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    from networks.filters import PartnershipFilter

    listing = list_state(request, "partnerships")
    queryset = selectors.partnership_list(user=request.user)
    filterset = PartnershipFilter(listing.params or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows.prefetch_related("tags"), listing.page_size).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "networks/partnership_list.html",
        {
            "page_obj": page,
            "kinds": PartnershipKind.choices,
            "statuses": PartnershipStatus.choices,
            "subregions": subregions_by_name(),
            "may_add": access.can(request.user, Action.ADD, Partnership),
            "listing": listing,
            "cols": listing.shown,
        },
    )


@login_required
@require_GET
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_list(user=request.user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return render(
        request,
        "networks/partnership_detail.html",
        {
            "partnership": partnership,
            "parties": list(partnership.parties.all()),
            "may_change": access.can(request.user, Action.CHANGE, partnership),
            "sees_people": access.has_capability(request.user, "personal_data.view"),
        },
    )
