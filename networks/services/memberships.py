"""Joining and leaving networks. Nothing is deleted: leaving sets a date, rejoining adds a row.

``left_on`` is the first day outside the network, so a rejoin may start on the day of the leave.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from contacts.models import Organisation, Person
from contacts.services.linking import person_require_linkable
from crm.access import Action, unscoped
from crm.audit.services import action_log_write
from crm.services import save_checked
from networks.models import OVERLAP_MESSAGE, Membership, MembershipRole, Network, Term
from networks.services.joining import network_open_on


@unscoped("periods of one organisation in one network never overlap, seen or not")
def overlapping_period_exists(
    *,
    organisation: Organisation,
    network: Network,
    joined_on: datetime.date,
    left_on: datetime.date | None,
    exclude_pk: int | None = None,
) -> bool:
    """Whether another period of ``organisation`` in ``network`` shares a day with this one.

    The same test as the PostgreSQL exclusion constraint (half-open ranges, where an empty
    period — joined and left on one day — overlaps nothing), so both databases agree.
    """
    if left_on is not None and left_on <= joined_on:
        return False
    others = Membership.objects.filter(organisation=organisation, network=network).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if left_on is not None:
        others = others.filter(joined_on__lt=left_on)
    others = others.exclude(left_on__isnull=False, left_on__lte=F("joined_on"))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def _save(membership: Membership, *, actor: Any, action: str, reason: str = "") -> None:
    """Save, turning a lost race against the database constraints into the same message."""
    try:
        with transaction.atomic():
            save_checked(membership, actor=actor, action=action, reason=reason)
    except IntegrityError as error:
        text = str(error)
        if any(
            marker in text
            for marker in (
                "membership_periods_do_not_overlap",
                "membership_one_open_per_network",
                "networks_membership.network_id",  # SQLite names the columns, not the index
            )
        ):
            raise ValidationError(OVERLAP_MESSAGE, code="overlap") from error
        raise


@transaction.atomic
def membership_join(
    *,
    actor: Any,
    organisation: Organisation,
    network: Network,
    joined_on: datetime.date,
    role: str = MembershipRole.MEMBER,
    representative: Person | None = None,
    term: Term | None = None,
    source: str = "",
    left_on: datetime.date | None = None,
    left_reason: str = "",
) -> Membership:
    """Start a membership period (``left_on`` only when recording a past, finished period).

    Raises: ValidationError (the period overlaps another of the same organisation in the
    network, or lies outside the network's life), PermissionDenied.
    """
    network_open_on(network, joined_on)
    if representative is not None:
        person_require_linkable(actor=actor, person=representative)
    membership = Membership(
        organisation=organisation,
        network=network,
        joined_on=joined_on,
        left_on=left_on,
        left_reason=left_reason.strip() if left_on else "",
        role=role,
        representative=representative,
        term=term,
        source=source.strip(),
    )
    if overlapping_period_exists(
        organisation=organisation, network=network, joined_on=joined_on, left_on=left_on
    ):
        raise ValidationError(OVERLAP_MESSAGE, code="overlap")
    _save(membership, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor,
        verb="networks.membership.started",
        obj=membership,
        details={
            "organisation": organisation.pk,
            "network": network.pk,
            "joined_on": joined_on.isoformat(),
        },
    )
    if left_on is not None:
        _log_ended(actor, membership)
    return membership


def _log_ended(actor: Any, membership: Membership) -> None:
    assert membership.left_on is not None
    action_log_write(
        actor=actor,
        verb="networks.membership.ended",
        obj=membership,
        details={
            "organisation": membership.organisation_id,
            "network": membership.network_id,
            "left_on": membership.left_on.isoformat(),
        },
    )


@unscoped("the stored end is read under a row lock, whoever can see it")
@transaction.atomic
def membership_leave(
    *, actor: Any, membership: Membership, left_on: datetime.date, reason: str = ""
) -> Membership:
    """End an open membership: from ``left_on`` on the organisation is no longer a member.

    Raises: ValidationError (already ended, or ``left_on`` before it joined), PermissionDenied.
    """
    # Read the stored end under a row lock: two people ending one membership must not both win.
    stored_left_on = (
        Membership.objects.select_for_update()
        .values_list("left_on", flat=True)
        .get(pk=membership.pk)
    )
    if stored_left_on is not None:
        raise ValidationError(
            _("This membership already ended on %(date)s.")
            % {"date": stored_left_on.strftime("%d.%m.%Y")},
            code="already_ended",
        )
    membership.left_on = left_on
    membership.left_reason = reason.strip()
    _save(membership, actor=actor, action=Action.CHANGE, reason=reason)
    _log_ended(actor, membership)
    return membership


@transaction.atomic
def membership_change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    """Raises: ValidationError (unknown role), PermissionDenied."""
    if membership.role == role:
        return membership
    old = membership.role
    membership.role = role
    _save(membership, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="networks.membership.role_changed",
        obj=membership,
        details={"from": old, "to": role},
    )
    return membership


@transaction.atomic
def membership_move_representative(
    *, actor: Any, membership: Membership, representative: Person | None
) -> Membership:
    """Name another person (or nobody) to represent the member; the old one stays in history.

    Raises: PermissionDenied.
    """
    new_id = representative.pk if representative is not None else None
    if membership.representative_id == new_id:
        return membership
    if representative is not None:
        person_require_linkable(actor=actor, person=representative)
    old_id = membership.representative_id
    membership.representative = representative
    _save(membership, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="networks.membership.representative_moved",
        obj=membership,
        details={"from": old_id, "to": new_id},
    )
    return membership
