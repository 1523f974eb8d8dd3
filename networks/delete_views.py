"""Managers delete a network or a membership entered by mistake, after a confirmation.

The confirmation says what goes with the record (a network's committee terms) and, for a
network that still has memberships, lists them with a link instead of offering the button:
the same refusal as the service's. A member who left is ended ("End membership"), not deleted.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crm import access
from crm.access import Action
from crm.services import referrers
from crm.web.deleting import Deletion, Line, delete_page, lines
from networks import services
from networks.models import Membership, Network, Term


@login_required
@require_http_methods(["GET", "POST"])
def network_delete(request: HttpRequest, pk: int) -> HttpResponse:
    network = access.scope(Network.objects.filter(pk=pk), request.user).first()
    if network is None:
        raise Http404
    access.require(request.user, Action.DELETE, network)
    detail_url = reverse("networks:network_detail", args=[network.pk])
    found = referrers(network)
    blockers = [
        Line(_("memberships (current and past)"), row.count, detail_url + "#h-history")
        for row in found
        if row.model is Membership
    ]
    return delete_page(
        request,
        Deletion(
            obj=network,
            title=_("Delete the network “%(name)s”?") % {"name": network.name},
            delete=lambda: services.network_delete(actor=request.user, network=network),
            back_url=detail_url,
            done_url=reverse("networks:network_list"),
            done_message=_("The network was deleted."),
            goes_with=lines(request.user, network, [r for r in found if r.model is Term], ""),
            blockers=blockers,
            advice=_(
                "A network that ended is recorded with its closing date; memberships entered "
                "by mistake are deleted one by one from the membership history."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = (
        access.scope(Membership.objects.filter(pk=pk), request.user)
        .select_related("organisation", "network")
        .first()
    )
    if membership is None:
        raise Http404
    access.require(request.user, Action.DELETE, membership)
    network_url = reverse("networks:network_detail", args=[membership.network_id])
    return delete_page(
        request,
        Deletion(
            obj=membership,
            title=_("Delete the membership of “%(organisation)s” in “%(network)s”?")
            % {"organisation": membership.organisation.name, "network": membership.network.name},
            delete=lambda: services.membership_delete(actor=request.user, membership=membership),
            back_url=network_url,
            done_url=network_url,
            done_message=_("The membership was deleted."),
            advice=_(
                "Delete only a membership entered by mistake: a member who left is recorded "
                "with “End membership”, so the network's history and indicators keep it."
            ),
        ),
    )
