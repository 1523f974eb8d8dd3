"""The failed morning e-mails, for managers: who did not get their reminders, why, and a
button that sends them again once the mail server works (``follow_up_digests_retry``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from crm import access
from interactions import services
from interactions.selectors import failed_digests

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def failed_digest_list(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "digests.see_failed")
    if request.method == "POST":
        wanted = [int(pk) for pk in request.POST.getlist("digest") if pk.isdigit()]
        if not wanted:
            messages.error(request, _("Tick the e-mails to send again."))
        else:
            sent = services.follow_up_digests_retry(actor=request.user, digest_ids=wanted)
            messages.success(
                request,
                ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", sent)
                % {"count": sent},
            )
            if sent < len(wanted):
                messages.warning(
                    request,
                    _(
                        "The others were not sent again: a later e-mail already carried those "
                        "tasks, or they were no longer failed."
                    ),
                )
        return redirect("interactions:failed_digest_list")
    page = Paginator(failed_digests(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "interactions/failed_digests.html", {"page_obj": page})
