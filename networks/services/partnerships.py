"""Writes to partnerships and their parties.

An OWES partner may record a partnership when at least one party is in a subregion they edit
(a bielski cooperative contracting with the voivodeship is still bielski's business).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Organisation
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write, with_history_user
from crm.services import assign, loggable, save_checked
from networks.models import Partnership, PartnershipParty, PartyRole


@transaction.atomic
def partnership_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    starts_on: datetime.date,
    parties: Sequence[tuple[Organisation, str]],
    ends_on: datetime.date | None = None,
    value_pln: Decimal | None = None,
    description: str = "",
    origin_event: Any = None,
    origin_interaction: Any = None,
) -> Partnership:
    """Record a partnership with its parties, given as ``(organisation, role)`` pairs.

    Raises: ValidationError (no parties, one organisation twice, dates out of order),
    PermissionDenied (no party in a subregion the actor edits).
    """
    access.require(actor, Action.ADD, Partnership)
    if not parties:
        raise ValidationError(_("A partnership needs at least one party."), code="no_parties")
    organisation_ids = [organisation.pk for organisation, _role in parties]
    if len(set(organisation_ids)) != len(organisation_ids):
        raise ValidationError(_("An organisation is a party only once."), code="duplicate_party")
    if not any(
        access.can(actor, Action.ADD, PartnershipParty(organisation=organisation))
        for organisation, _role in parties
    ):
        raise PermissionDenied
    if value_pln is not None and not isinstance(value_pln, Decimal):
        raise TypeError("value_pln must be a Decimal")
    partnership = Partnership(
        title=title.strip(),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        value_pln=value_pln,
        description=description,
        origin_event=origin_event,
        origin_interaction=origin_interaction,
    )
    # Access was decided above, by the parties: no single row tells it.
    save_checked(partnership, actor=actor, action=None)
    for organisation, role in parties:
        save_checked(
            PartnershipParty(partnership=partnership, organisation=organisation, role=role),
            actor=actor,
            action=None,
        )
    action_log_write(
        actor=actor,
        verb="networks.partnership.created",
        obj=partnership,
        details={"parties": organisation_ids, "kind": kind},
    )
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: Any, partnership: Partnership, reason: str = "", **fields: Any
) -> Partnership:
    """Change the given fields; nothing is written when nothing changes.

    Raises: ValidationError, PermissionDenied, TypeError for an unknown field.
    """
    access.require(actor, Action.CHANGE, partnership)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    changes = assign(partnership, fields)
    if not changes:
        return partnership
    save_checked(partnership, actor=actor, action=None, reason=reason)
    action_log_write(
        actor=actor,
        verb="networks.partnership.updated",
        obj=partnership,
        details={"fields": loggable(changes)},
    )
    return partnership


@transaction.atomic
def partnership_add_party(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation,
    role: str = PartyRole.PARTNER,
) -> PartnershipParty:
    """Raises: ValidationError (already a party), PermissionDenied."""
    access.require(actor, Action.CHANGE, partnership)
    party = PartnershipParty(partnership=partnership, organisation=organisation, role=role)
    save_checked(party, actor=actor, action=None)
    action_log_write(
        actor=actor,
        verb="networks.partnership.party_added",
        obj=partnership,
        details={"organisation": organisation.pk, "role": role},
    )
    return party


@unscoped("a partnership keeps at least one party, seen or not")
@transaction.atomic
def partnership_remove_party(*, actor: Any, party: PartnershipParty) -> None:
    """Take an organisation off a partnership; the last party stays (a partnership needs one).

    Raises: ValidationError (the last party), PermissionDenied.
    """
    partnership = Partnership.objects.select_for_update().get(pk=party.partnership_id)
    access.require(actor, Action.CHANGE, partnership)
    if not PartnershipParty.objects.filter(partnership=partnership).exclude(pk=party.pk).exists():
        raise ValidationError(_("A partnership needs at least one party."), code="last_party")
    organisation_id, role = party.organisation_id, party.role
    with_history_user(party, actor)
    party.delete()
    action_log_write(
        actor=actor,
        verb="networks.partnership.party_removed",
        obj=partnership,
        details={"organisation": organisation_id, "role": role},
    )
