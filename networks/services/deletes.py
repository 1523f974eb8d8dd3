"""Deleting networks and memberships: only managers and administrators, only mistakes.

A membership that ended is ended (``membership_leave``), not deleted: the network's history
and its indicators are counted from those rows. A membership entered by mistake (the wrong
network, a duplicate) is deleted. A network is deleted only while it has no memberships (a
network that ended is recorded with ``closed_on``); its committee terms go with it. What is
deleted keeps its field history (a "deleted" record authored by the actor).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user
from networks.models import Membership, Network

# The code of every "still referred to" refusal (as in contacts and interactions).
IN_USE = "in_use"


@access.unscoped("a network is refused while any membership refers to it, seen or not")
@transaction.atomic
def network_delete(*, actor: Any, network: Network) -> None:
    """Remove a network entered by mistake; its committee terms go with it.

    Raises: PermissionDenied, ValidationError (code ``in_use``) while it has memberships.
    """
    access.require(actor, Action.DELETE, network)
    if Membership.objects.filter(network=network).exists():
        raise ValidationError(
            gettext(
                "This network cannot be deleted: it has memberships. Delete the memberships "
                "entered by mistake first; a network that ended is recorded with its closing "
                "date."
            ),
            code=IN_USE,
        )
    action_log_write(
        actor=actor,
        verb="networks.network.deleted",
        obj=network,
        details={"id": network.pk, "terms": network.terms.count()},
    )
    with_history_user(network, actor)
    network.delete()


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership) -> None:
    """Remove a membership entered by mistake (one that ended is ended, not deleted).

    Raises: PermissionDenied.
    """
    access.require(actor, Action.DELETE, membership)
    action_log_write(
        actor=actor,
        verb="networks.membership.deleted",
        obj=membership,
        details={
            "id": membership.pk,
            "organisation": membership.organisation_id,
            "network": membership.network_id,
        },
    )
    with_history_user(membership, actor)
    membership.delete()
