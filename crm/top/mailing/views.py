"""Writing a message to a selection, following its sending, and the public unsubscribe page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm import access
from crm.exports.views import request_filters
from crm.top.mailing import selectors
from crm.top.mailing.forms import MailingForm
from crm.top.mailing.models import Mailing, Source
from crm.top.mailing.services import mailing_create, mailing_resend_failed, recipient_unsubscribe
from crm.top.mailing.services.message import values_for
from crm.top.mailing.services.selection import Selection, selection_resolve
from crm.top.mailing.services.unsubscribe import recipient_of
from crm.top.mailing.templating import PLACEHOLDERS, fill_message
from interactions.models import Event
from networks.models import Network

PREVIEWS = 2


def _back(source: str, query: str, pk: int | None) -> str:
    """The list the message was started from, with its filters."""
    if source == Source.NETWORK:
        return reverse("networks:network_detail", args=[pk])
    if source == Source.EVENT:
        return reverse("interactions:event_detail", args=[pk])
    name = (
        "contacts:organisation_list" if source == Source.ORGANISATIONS else "contacts:person_list"
    )
    return reverse(name) + (f"?{query}" if query else "")


def _previews(user: Any, selection: Selection, subject: str, body: str, event: Any) -> list[Any]:
    shown = selection.sendable[:PREVIEWS]
    people, organisations = selectors.preview_records(user, shown)
    previews = []
    for candidate in shown:
        values = values_for(
            event=event,
            network=selection.network,
            person=people.get(candidate.person_id),  # type: ignore[arg-type]
            organisation=organisations.get(candidate.organisation_id),  # type: ignore[arg-type]
        )
        previews.append({"to": candidate.email, "message": fill_message(subject, body, values)})
    return previews


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, source: str, pk: int | None = None) -> HttpResponse:
    access.require_capability(request.user, "mailing.send")
    network = event = None
    if source == Source.NETWORK:
        network = get_object_or_404(access.scope(Network.objects.all(), request.user), pk=pk)
    elif source == Source.EVENT:
        event = get_object_or_404(access.scope(Event.objects.all(), request.user), pk=pk)
    filters = request_filters(request)
    query = request.GET.urlencode()
    try:
        selection = selection_resolve(
            user=request.user, source=source, filters=filters, network=network, event=event
        )
    except ValueError:
        return render(
            request,
            "mailing/invalid_filters.html",
            {"back": _back(source, query, pk)},
            status=400,
        )
    form = MailingForm(request.POST or None, user=request.user, fixed_event=event)
    previews: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = event or data.get("event")
        if request.POST.get("action") == "send" and selection.sendable:
            try:
                mailing = mailing_create(
                    actor=request.user,
                    selection=selection,
                    subject=data["subject"],
                    body=data["body"],
                    site_url=request.build_absolute_uri("/"),
                    filter_names=list(filters),
                    event=chosen,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The message is being sent; recipients: %(count)d.")
                    % {"count": len(selection.sendable)},
                )
                return redirect("mailing:detail", pk=mailing.pk)
        previews = _previews(request.user, selection, data["subject"], data["body"], chosen)
    return render(
        request,
        "mailing/compose.html",
        {
            "form": form,
            "selection": selection,
            "skipped": selectors.skip_counts(selection.skipped),
            "previews": previews,
            "placeholders": PLACEHOLDERS,
            "network": network,
            "event": event,
            "back": _back(source, query, pk),
            "source_label": Source(source).label,
        },
    )


def _mailing(request: HttpRequest, pk: int) -> Mailing:
    access.require_capability(request.user, "mailing.send")
    mailing = Mailing.objects.select_related("created_by", "event", "network").filter(pk=pk).first()
    if mailing is None:
        raise Http404
    return mailing


@login_required
@require_GET
def mailing_list(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "mailing.send")
    page = Paginator(selectors.mailings_with_counts(), 25).get_page(request.GET.get("page"))
    return render(request, "mailing/list.html", {"page_obj": page})


@login_required
@require_GET
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = _mailing(request, pk)
    return render(
        request,
        "mailing/detail.html",
        {"mailing": mailing, **selectors.mailing_outcome(user=request.user, mailing=mailing)},
    )


@login_required
@require_GET
def mailing_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """For the progress bar (static/js/siec.js): messages handled, and where to go when done."""
    mailing = _mailing(request, pk)
    counts: Any = selectors.mailings_with_counts().get(pk=mailing.pk)
    total = counts.sent + counts.failed + counts.waiting
    done = counts.sent + counts.failed
    finished = mailing.status == Mailing.Status.DONE
    return JsonResponse(
        {
            "total": total,
            "done": done,
            "label": _("%(done)s of %(total)s messages") % {"done": done, "total": total},
            "finished": finished,
            "next": reverse("mailing:detail", args=[mailing.pk]) if finished else "",
        }
    )


@login_required
@require_POST
def mailing_resend(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = _mailing(request, pk)
    ids = [int(v) for v in request.POST.getlist("recipient") if v.isdigit()]
    count = mailing_resend_failed(actor=request.user, mailing=mailing, recipient_ids=ids)
    if count:
        messages.success(request, _("Messages being sent again: %(count)d.") % {"count": count})
    else:
        messages.warning(request, _("Tick the failed messages to send again."))
    return redirect("mailing:detail", pk=mailing.pk)


# A mail client's one-click unsubscribe (RFC 8058) posts without our form's CSRF token; the
# signed token in the address is what authorises the request.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Public: one button that records the refusal; no name or address is shown."""
    recipient = recipient_of(token)
    if recipient is None:
        return render(request, "mailing/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        recipient_unsubscribe(recipient=recipient)
        return render(request, "mailing/unsubscribe.html", {"done": True})
    return render(request, "mailing/unsubscribe.html", {})
