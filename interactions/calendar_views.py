"""Calendar pages: the person's feed settings, the secret feed itself, one event's .ics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from crm.calendar.ics import to_ics
from crm.calendar.services import calendar_feed_owner, calendar_feed_renew, calendar_feed_revoke
from interactions import selectors
from interactions.calendar import event_entry, feed_entries

ICS = "text/calendar; charset=utf-8"


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The person's own feed: its secret address, a new one, or none."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("The calendar address was revoked: it shows nothing now."))
        else:
            calendar_feed_renew(user=request.user)
            messages.success(request, _("Your calendar has a new address; the old one is void."))
        return redirect("interactions:calendar_settings")
    feed = getattr(request.user, "calendar_feed", None)  # none yet: AttributeError
    url = (
        request.build_absolute_uri(reverse("interactions:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "interactions/calendar_settings.html", {"feed": feed, "feed_url": url})


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed a calendar application subscribes to: no sign-in, the secret is the address."""
    user = calendar_feed_owner(token=token)
    if user is None:
        raise Http404

    def link(kind: str, pk: int) -> str:
        name = "interactions:event_detail" if kind == "event" else "interactions:followup_list"
        return request.build_absolute_uri(reverse(name, args=[pk] if kind == "event" else []))

    content = to_ics(feed_entries(user=user, link=link), name=_("Sieć: my tasks and events"))
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = 'inline; filename="siec.ics"'
    return response


@login_required
@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Add to calendar": the event as an .ics file."""
    event = selectors.events_with_counts(user=request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    url = request.build_absolute_uri(reverse("interactions:event_detail", args=[pk]))
    response = HttpResponse(to_ics([event_entry(event, url)], name=event.title), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="wydarzenie-{pk}.ics"'
    return response
