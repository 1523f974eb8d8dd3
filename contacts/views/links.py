"""Ties between organisations, recorded from either organisation's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import selectors, services
from contacts.forms import OrganisationLinkForm
from contacts.models import Organisation
from crm.web.forms import apply_form_errors


@login_required
@require_http_methods(["GET", "POST"])
def organisation_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a tie of this organisation (founded by, founder of, OWES support either way)."""
    try:
        organisation = selectors.organisation_for_change(user=request.user, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    others = selectors.organisation_list(user=request.user).exclude(pk=organisation.pk)
    form = OrganisationLinkForm(request.POST or None, organisations=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_link_create(
                actor=request.user, **form.service_fields(organisation)
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            form.add_error("other", _("You may record ties only of organisations you may edit."))
        else:
            messages.success(request, _("The tie was recorded."))
            return redirect("contacts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "contacts/organisation_link_form.html",
        {"form": form, "organisation": organisation},
    )
