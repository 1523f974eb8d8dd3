"""Where a delete page links the networks rows that still need a record (registered in
``NetworksConfig.ready``: the lower apps' pages never import networks)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from crm import access
from crm.web.deleting import register_referrer_link
from networks.models import Membership, Partnership, PartnershipParty


def _partnership_of(**condition: Any) -> Any:
    """The one partnership that came out of the record, or the list when there are several."""

    def link(user: Any, obj: Any) -> str | None:
        rows = list(access.scope(Partnership.objects.filter(**{condition["field"]: obj}), user)[:2])
        if len(rows) == 1:
            return reverse("networks:partnership_detail", args=[rows[0].pk])
        return reverse("networks:partnership_list")

    return link


def _organisation_section(anchor: str) -> Any:
    def link(user: Any, obj: Any) -> str:
        return reverse("contacts:organisation_detail", args=[obj.pk]) + anchor

    return link


def register() -> None:
    register_referrer_link(
        Partnership, "origin_interaction", _partnership_of(field="origin_interaction")
    )
    register_referrer_link(Partnership, "origin_event", _partnership_of(field="origin_event"))
    register_referrer_link(Membership, "organisation", _organisation_section("#h-networks"))
    register_referrer_link(
        PartnershipParty, "organisation", _organisation_section("#h-partnerships")
    )
