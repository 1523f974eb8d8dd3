"""Territory pages: the subregions with their gminas; administrators move a gmina between them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm import access
from crm.territory.models import Gmina, Subregion
from crm.territory.selectors import subregions_with_gminas
from crm.territory.services import gmina_assign_subregion


@login_required
@require_GET
def territory(request: HttpRequest) -> HttpResponse:
    unassigned = list(
        Gmina.objects.filter(subregion__isnull=True).select_related("powiat").order_by("name")
    )
    may_edit = access.has_capability(request.user, "territory.edit")
    subregions = subregions_with_gminas()
    return render(
        request,
        "crm/territory.html",
        {
            "subregions": subregions,
            "unassigned": unassigned,
            "may_edit": may_edit,
            "all_subregions": subregions,
        },
    )


@login_required
@require_POST
def gmina_move(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "territory.edit")
    gmina = Gmina.objects.filter(pk=pk).first()
    if gmina is None:
        raise Http404
    target: Any = None
    if request.POST.get("subregion"):
        target = Subregion.objects.filter(pk=request.POST["subregion"]).first()
        if target is None:
            raise Http404
    gmina_assign_subregion(actor=request.user, gmina=gmina, subregion=target)
    messages.success(
        request,
        _("Gmina %(gmina)s is now in: %(subregion)s.")
        % {"gmina": gmina.display_name, "subregion": target.name if target else _("no subregion")},
    )
    return redirect("territory")
