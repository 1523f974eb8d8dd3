"""Where each item of an organisation's timeline leads on the pages.

The timeline names its targets as ``("app_label.model", pk)`` so it need not know the URLs;
this module maps them to the page that shows the record. Contacts have no page of their own
yet, so they stay plain text; a membership leads to its network (one query for the whole page);
a PS status to the status history on the organisation's own page; a change of the record to
its field-by-field history in the admin, for the data stewards who may open it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from crm.dashboard.timeline import TimelineItem
from networks.models import Membership

# The organisation page's section with the PS status history (contacts' template names it).
PS_SECTION = "#h-ps"


@dataclass(frozen=True)
class LinkedItem:
    """A timeline item with the URL of its page (None: shown as plain text)."""

    item: TimelineItem
    url: str | None

    @property
    def at(self) -> Any:
        return self.item.at

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def summary(self) -> str:
        return self.item.summary


def _url(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:  # the app's pages are not wired in this deployment
        return None


def _history_url(user: Any, pk: int) -> str | None:
    if not (getattr(user, "is_staff", False) and user.has_perm("contacts.view_organisation")):
        return None
    return _url("admin:contacts_organisation_history", pk)


def link_timeline(items: Iterable[TimelineItem], *, user: Any) -> list[LinkedItem]:
    """Pair each item with its page; at most one query (for the memberships' networks)."""
    items = list(items)
    membership_ids = [pk for model, pk in (i.link for i in items) if model == "networks.membership"]
    networks = (
        dict(Membership.objects.filter(pk__in=membership_ids).values_list("pk", "network_id"))
        if membership_ids
        else {}
    )
    linked = []
    for item in items:
        model, pk = item.link
        url: str | None = None
        if model == "interactions.event":
            url = _url("interactions:event_detail", pk)
        elif model == "networks.partnership":
            url = _url("networks:partnership_detail", pk)
        elif model == "networks.membership" and pk in networks:
            url = _url("networks:network_detail", networks[pk])
        elif model == "contacts.socialenterprisestatus":
            url = PS_SECTION
        elif model == "contacts.organisation":
            url = _history_url(user, pk)
        linked.append(LinkedItem(item=item, url=url))
    return linked
