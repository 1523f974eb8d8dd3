"""Many organisations into a network at once (the lists' bulk action).

A thousand organisations are one request and a handful of statements, whatever the count:
which of them the person may change, which are members already, one INSERT of the new
memberships, one of their field history and one of the log entries. The rules are
``membership_join``'s: no period of an organisation in a network overlaps another (an
organisation that is a member on the day is "already there", one whose later period would
overlap is refused), none outside the network's life, and none for a closed organisation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from contacts.models import Organisation
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write_many
from crm.bulk import BulkOutcome, long_statements
from networks.models import OVERLAP_MESSAGE, Membership, MembershipRole, Network


def network_open_on(network: Network, day: datetime.date) -> None:
    """Raises: ValidationError when ``network`` was not yet founded or already closed on ``day``."""
    if network.founded_on and day < network.founded_on:
        raise ValidationError(
            {
                "joined_on": _("The network was founded later, on %(date)s.")
                % {"date": network.founded_on.strftime("%d.%m.%Y")}
            }
        )
    if network.closed_on and day >= network.closed_on:
        raise ValidationError(
            {
                "joined_on": _("The network was closed on %(date)s.")
                % {"date": network.closed_on.strftime("%d.%m.%Y")}
            }
        )


@unscoped("periods of one organisation in one network never overlap, seen or not")
@transaction.atomic
def memberships_join_many(
    *,
    actor: Any,
    network: Network,
    organisation_ids: Iterable[int],
    joined_on: datetime.date,
    role: str = MembershipRole.MEMBER,
    source: str = "",
) -> BulkOutcome:
    """Make the organisations ``organisation_ids`` members of ``network`` from ``joined_on``.

    Raises: ValidationError (the network's life; a period written meanwhile by someone else).
    """
    network_open_on(network, joined_on)
    wanted = sorted(set(organisation_ids))
    outcome = BulkOutcome()
    changeable = access.scope(Organisation.objects.filter(pk__in=wanted), actor, Action.CHANGE)
    found = {
        pk: (name, closed_on)
        for pk, name, closed_on in changeable.values_list("pk", "name", "closed_on")
    }
    for pk in wanted:
        closed_on = found[pk][1] if pk in found else None
        if pk not in found:
            outcome.refused[pk] = _("You may not change this organisation.")
        elif closed_on is not None and closed_on <= joined_on:
            outcome.refused[pk] = _("Closed on %(date)s.") % {
                "date": closed_on.strftime("%d.%m.%Y")
            }
    candidates = [pk for pk in wanted if pk in found and pk not in outcome.refused]
    # The same test as overlapping_period_exists, for all of them at once.
    meeting = (
        Membership.objects.filter(network=network, organisation_id__in=candidates)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=joined_on))
        .exclude(left_on__isnull=False, left_on__lte=F("joined_on"))
        .values_list("organisation_id", "joined_on")
    )
    for pk, their_start in meeting:
        if their_start <= joined_on:
            outcome.already.append(pk)
        else:
            outcome.refused[pk] = _(
                "A membership from %(date)s is recorded: the new one would overlap it."
            ) % {"date": their_start.strftime("%d.%m.%Y")}
    outcome.already.sort()
    outcome.added = [
        pk for pk in candidates if pk not in outcome.refused and pk not in outcome.already
    ]
    rows = [
        Membership(
            organisation_id=pk,
            network=network,
            joined_on=joined_on,
            role=role,
            source=source.strip(),
        )
        for pk in outcome.added
    ]
    try:
        with transaction.atomic(), long_statements():
            created = bulk_create_with_history(rows, Membership, default_user=actor)
    except IntegrityError as error:  # a period written by someone else since the reading
        raise ValidationError(OVERLAP_MESSAGE, code="overlap") from error
    details = {"network": network.pk, "joined_on": joined_on.isoformat(), "bulk": True}
    action_log_write_many(
        actor=actor,
        verb="networks.membership.started",
        model=Membership,
        rows=(
            (
                m.pk,
                f"{found[m.organisation_id][0]} — {network}",
                {**details, "organisation": m.organisation_id},
            )
            for m in created
        ),
    )
    return outcome
