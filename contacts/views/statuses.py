"""The PS status of an organisation, recorded from its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import selectors, services
from contacts.forms import PsStatusForm
from contacts.models import Organisation, SocialEnterpriseStatus
from crm.web.forms import apply_form_errors


@login_required
@require_http_methods(["GET", "POST"])
def ps_status_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a granted PS status; a refused rule of the Act is shown next to its field."""
    try:
        organisation = selectors.organisation_for_change(user=request.user, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    form = PsStatusForm(
        request.POST or None, instance=SocialEnterpriseStatus(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ps_status_grant(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The PS status was recorded."))
            return redirect("contacts:organisation_detail", pk=organisation.pk)
    return render(
        request, "contacts/ps_status_form.html", {"form": form, "organisation": organisation}
    )
