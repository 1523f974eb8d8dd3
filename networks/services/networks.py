"""Writes to networks and committee terms."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from contacts.models import Organisation
from crm.access import Action
from crm.audit.services import action_log_write
from crm.services import assign, loggable, save_checked
from crm.territory.models import Subregion
from networks.models import Network, Term


@transaction.atomic
def network_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    subregion: Subregion | None = None,
    coordinator: Organisation | None = None,
    founded_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
    short_name: str = "",
    description: str = "",
) -> Network:
    """Raises: ValidationError (e.g. the name is taken), PermissionDenied."""
    network = Network(
        name=name.strip(),
        kind=kind,
        subregion=subregion,
        coordinator=coordinator,
        founded_on=founded_on,
        closed_on=closed_on,  # a network recorded after it ended
        short_name=short_name.strip(),
        description=description,
    )
    save_checked(network, actor=actor, action=Action.ADD)
    action_log_write(actor=actor, verb="networks.network.created", obj=network)
    return network


@transaction.atomic
def network_update(*, actor: Any, network: Network, reason: str = "", **fields: Any) -> Network:
    """Change the given fields (closing a network is ``closed_on=...``); no-op if unchanged.

    Raises: ValidationError, PermissionDenied, TypeError for an unknown field.
    """
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    changes = assign(network, fields)
    if not changes:
        return network
    save_checked(network, actor=actor, action=Action.CHANGE, reason=reason)
    action_log_write(
        actor=actor,
        verb="networks.network.updated",
        obj=network,
        details={"fields": loggable(changes)},
    )
    return network


@transaction.atomic
def term_create(
    *,
    actor: Any,
    network: Network,
    label: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Term:
    """A term of office of a committee, e.g. RKRES "2020–2023".

    Raises: ValidationError, PermissionDenied.
    """
    term = Term(network=network, label=label.strip(), starts_on=starts_on, ends_on=ends_on)
    save_checked(term, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor,
        verb="networks.term.created",
        obj=network,
        details={"term": term.pk, "starts_on": starts_on.isoformat()},
    )
    return term
