"""Writes to the ties between organisations: recorded, ended, deleted when entered by mistake.

Two periods of the same tie (same organisation, kind and other) never overlap: the database
holds one open tie, ``link_overlapping`` the dated ones.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, OrganisationLink
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write, with_history_user
from crm.services import save_checked


@unscoped("a tie overlaps its own earlier periods, whoever can see them")
def link_overlapping(link: OrganisationLink) -> OrganisationLink | None:
    """Another period of the same tie that meets this one's ``[started_on, ended_on)``."""
    others = OrganisationLink.objects.filter(
        organisation_id=link.organisation_id, kind=link.kind, other_id=link.other_id
    )
    if link.pk is not None:
        others = others.exclude(pk=link.pk)
    if link.ended_on is not None:
        others = others.filter(Q(started_on__isnull=True) | Q(started_on__lt=link.ended_on))
    if link.started_on is not None:
        others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=link.started_on))
    return others.order_by("started_on", "pk").first()


def _check(link: OrganisationLink) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        link.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not errors:
        other = link_overlapping(link)
        if other is not None:
            start = f"{other.started_on:%d.%m.%Y}" if other.started_on else "…"
            errors["started_on"] = [
                ValidationError(
                    _("The same tie is recorded from %(start)s and overlaps this period."),
                    code="overlap",
                    params={"start": start},
                )
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_link_create(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    other: Organisation,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> OrganisationLink:
    """Record that ``organisation`` is ``kind`` ``other`` (founded by it, supported by it).

    Raises: ValidationError (itself, dates, an OWES support that is not OWES → PES, an
    overlapping period of the same tie), PermissionDenied (on ``organisation``).
    """
    link = OrganisationLink(
        organisation=organisation,
        kind=kind,
        other=other,
        started_on=started_on,
        ended_on=ended_on,
        note=note.strip(),
    )
    _check(link)
    save_checked(link, actor=actor, action=Action.ADD)
    action_log_write(
        actor=actor,
        verb="contacts.organisation_link.created",
        obj=organisation,
        details={"link": link.pk, "kind": kind, "other": other.pk},
    )
    return link


@transaction.atomic
def organisation_link_end(
    *, actor: Any, link: OrganisationLink, ended_on: datetime.date
) -> OrganisationLink:
    """Record the first day the tie no longer holds.

    Raises: ValidationError, PermissionDenied.
    """
    link.ended_on = ended_on
    _check(link)
    save_checked(link, actor=actor, action=Action.CHANGE)
    action_log_write(
        actor=actor,
        verb="contacts.organisation_link.ended",
        obj=link.organisation,
        details={"link": link.pk, "ended_on": ended_on.isoformat()},
    )
    return link


@transaction.atomic
def organisation_link_delete(*, actor: Any, link: OrganisationLink) -> None:
    """Delete a tie entered by mistake (managers; its field history is kept).

    Raises: PermissionDenied.
    """
    access.require(actor, Action.DELETE, link)
    organisation, pk = link.organisation, link.pk
    with_history_user(link, actor)
    link.delete()
    action_log_write(
        actor=actor,
        verb="contacts.organisation_link.deleted",
        obj=organisation,
        details={"link": pk},
    )
