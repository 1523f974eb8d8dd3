"""Deciding a flagged row of an import from its batch page: one button per choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import access
from crm.top.imports import services
from crm.top.imports.models import ImportFlag
from crm.top.imports.selectors import batches_visible


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, flag_id: int) -> HttpResponse:
    access.require_capability(request.user, "imports.run")
    flag = ImportFlag.objects.filter(
        batch__in=batches_visible(request.user), batch_id=pk, pk=flag_id
    ).first()
    if flag is None:
        raise Http404
    try:
        services.import_flag_resolve(
            actor=request.user, flag=flag, choice=request.POST.get("choice", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("You may not change this organisation."))
    else:
        messages.success(request, _("Row %(row)d decided.") % {"row": flag.row_number})
    return redirect(reverse("imports:batch_detail", args=[pk]) + "#decisions")
