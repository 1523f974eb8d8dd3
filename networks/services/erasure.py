"""What networks adds to erasing a person (``contacts.erasure``; registered in
``NetworksConfig.ready``).

**The hold.** A person who represents a member in a network now (an open membership) is the
network's contact for that member: the membership record and the network's correspondence
name them. They are anonymised once someone else represents the member, or the membership has
ended. Where a manager edits a partnership or a network that may still mention the person.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from contacts.erasure import register_hold, register_mention_link
from crm.access import unscoped
from networks.models import Membership


@unscoped("a hold is decided over every membership the person represents, whoever may see it")
def representation_hold(person: Any) -> list[str]:
    open_ones = Membership.objects.filter(representative=person, left_on__isnull=True)
    return [
        gettext(
            "Represents %(organisation)s in the network “%(network)s”: name another "
            "representative or end the membership first."
        )
        % {"organisation": m.organisation.name, "network": m.network.name}
        for m in open_ones.select_related("organisation", "network")[:10]
    ]


def register() -> None:
    register_hold("networks.representative", representation_hold)
    register_mention_link(
        "networks.partnership", lambda pk: reverse("networks:partnership_edit", args=[pk])
    )
    register_mention_link(
        "networks.network", lambda pk: reverse("networks:network_detail", args=[pk])
    )
