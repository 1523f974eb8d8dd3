"""An OWES's accreditation, recorded from its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import selectors, services
from contacts.forms import OwesAccreditationForm
from contacts.models import Organisation, OrganisationKind, OwesAccreditation
from crm.web.forms import apply_form_errors


@login_required
@require_http_methods(["GET", "POST"])
def owes_accreditation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an accreditation; a refusal (a subregion served by another OWES) is shown next
    to its field."""
    try:
        organisation = selectors.organisation_for_change(user=request.user, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    if organisation.kind != OrganisationKind.OWES:
        raise Http404
    form = OwesAccreditationForm(
        request.POST or None, instance=OwesAccreditation(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.owes_accreditation_create(
                actor=request.user,
                organisation=organisation,
                subregions=fields.pop("subregions"),
                **fields,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The accreditation was recorded."))
            return redirect("contacts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "contacts/owes_accreditation_form.html",
        {"form": form, "organisation": organisation},
    )
