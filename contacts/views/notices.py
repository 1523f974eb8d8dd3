"""The art. 14 GDPR notice from a person's page or the worklist: e-mail it, or record how it
was given otherwise (or why it is not owed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contacts.notice_forms import PrivacyNoticeForm
from contacts.services.notices import privacy_notice_email_queue, privacy_notice_record
from contacts.views.people import _person
from crm import access
from crm.access import Action
from crm.web.forms import apply_form_errors


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    """Back where the action was taken (the worklist keeps its page), else the person's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("contacts:person_detail", pk=pk)


@login_required
@require_POST
def person_notice_email(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Poinformowano e-mailem": the notice is queued and sent by a worker from the template."""
    person = _person(request.user, pk)
    try:
        privacy_notice_email_queue(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(
            request,
            _("%(person)s: the notice was not sent: %(reason)s.")
            % {"person": person, "reason": " ".join(error.messages)},
        )
    else:
        messages.success(
            request, _("%(person)s: the notice is being sent by e-mail.") % {"person": person}
        )
    return _back(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_notice_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Informed another way (how, when) or exempt under art. 14(5) (which case, why)."""
    person = _person(request.user, pk)
    access.require_capability(request.user, "privacy_notices.record")
    access.require(request.user, Action.CHANGE, person)
    form = PrivacyNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_notice_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The art. 14 notice was recorded."))
            return _back(request, pk)
    return render(
        request,
        "contacts/person_notice_form.html",
        {
            "form": form,
            "person": person,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )
