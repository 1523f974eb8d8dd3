"""The art. 14 worklist page and its bulk e-mail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from contacts.services.notices import email_obstacle, privacy_notices_email_queue
from contacts.views.common import paginate
from crm import access
from crm.top.notices.selectors import notice_counts, people_to_notify, worklist_rows

PAGE_SIZE = 50


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """Who is still owed the art. 14 notice, the overdue first, with what can be done."""
    access.require_capability(request.user, "privacy_notices.record")
    people = people_to_notify(request.user)
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        people = people.filter(Q(overdue=True))
    page = paginate(request, worklist_rows(request.user, people), PAGE_SIZE)
    rows: list[dict[str, Any]] = [
        {"person": person, "obstacle": email_obstacle(person)} for person in page.object_list
    ]
    return render(
        request,
        "notices/worklist.html",
        {
            "page_obj": page,
            "rows": rows,
            "counts": notice_counts(request.user),
            "overdue_only": overdue_only,
        },
    )


@login_required
@require_POST
def worklist_send(request: HttpRequest) -> HttpResponse:
    """ "Send to all selected with an e-mail address": the others are listed with the reason."""
    access.require_capability(request.user, "privacy_notices.record")
    ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
    if not ids:
        messages.error(request, _("Select the people to inform first."))
        return redirect("notices:worklist")
    # Only people on the user's own list: a posted id of anyone else is left out as unknown.
    selected = list(people_to_notify(request.user).filter(pk__in=ids))
    queued, skipped = privacy_notices_email_queue(actor=request.user, people=selected)
    unknown = len(set(ids)) - len(selected)
    if unknown:
        skipped[_("not on your list")] += unknown
    if queued:
        messages.success(
            request,
            ngettext(
                "The notice is being sent to %(n)d person.",
                "The notice is being sent to %(n)d people.",
                queued,
            )
            % {"n": queued},
        )
    for reason, count in sorted(skipped.items()):
        messages.warning(
            request, _("Not sent (%(reason)s): %(n)d.") % {"reason": reason, "n": count}
        )
    return redirect("notices:worklist")
