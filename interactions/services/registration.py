"""Registering many people for an event at once (the people list's bulk action; the
organisations go through ``participations_register_organisations``).

Who is on the list already keeps their row and is reported as such; the rest are added with
one INSERT (and one of their history, one of the log entries), however many there are. The
rules are ``participation_register``'s: nobody whose processing is restricted or who was
anonymised, and an OWES partner names only people in their reach and registers only for
events of their subregions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from contacts.services.linking import people_linkable
from crm import access
from crm.access import Action, unscoped
from crm.audit.services import action_log_write_many
from crm.bulk import BulkOutcome, long_statements
from interactions.models import Event, Participation, ParticipationStatus


def _require_may_register(actor: Any, event: Event) -> None:
    if not access.can(actor, Action.ADD, Participation(event=event)):
        raise PermissionDenied(_("You may not register anyone for this event."))


def participations_insert(actor: Any, rows: list[Participation]) -> list[Participation]:
    """Insert new registrations at once, with their history, by ``actor``.

    The callers read who is registered already; the unique constraints catch a registration
    made by someone else since that reading, which becomes a message instead of an error page.

    Raises: ValidationError (some were registered meanwhile; nothing is written).
    """
    try:
        with transaction.atomic(), long_statements():
            return bulk_create_with_history(
                rows, Participation, batch_size=1000, default_user=actor
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Someone registered some of them meanwhile; nothing was changed, try again."),
            code="registered_meanwhile",
        ) from error


def _write(actor: Any, event: Event, rows: list[Participation]) -> None:
    created = participations_insert(actor, rows)
    details = {"event": event.pk, "status": ParticipationStatus.REGISTERED, "bulk": True}
    action_log_write_many(
        actor=actor,
        verb="interactions.participation.registered",
        model=Participation,
        rows=((p.pk, "", details) for p in created),
    )


@unscoped("one participation per person and event, seen or not")
@transaction.atomic
def participations_register_people(
    *, actor: Any, event: Event, person_ids: Iterable[int]
) -> BulkOutcome:
    """Register the people for ``event`` (each under their own name, no organisation).

    Raises: PermissionDenied (an OWES partner and another subregion's event; viewers).
    """
    _require_may_register(actor, event)
    wanted = sorted(set(person_ids))
    outcome = BulkOutcome()
    linkable = people_linkable(user=actor).filter(pk__in=wanted)
    found = {
        pk: (restricted, anonymised)
        for pk, restricted, anonymised in linkable.values_list("pk", "restricted", "anonymised_at")
    }
    for pk in wanted:
        if pk not in found:
            outcome.refused[pk] = _("You may not name this person on a new record.")
        elif found[pk][1] is not None:
            outcome.refused[pk] = _("An anonymised person cannot be named on a new record.")
        elif found[pk][0]:
            outcome.refused[pk] = _(
                "Processing of this person's data is restricted (art. 18 GDPR)."
            )
    candidates = [pk for pk in wanted if pk not in outcome.refused]
    there = set(
        Participation.objects.filter(event=event, person_id__in=candidates).values_list(
            "person_id", flat=True
        )
    )
    outcome.already = sorted(there)
    outcome.added = [pk for pk in candidates if pk not in there]
    _write(actor, event, [Participation(event=event, person_id=pk) for pk in outcome.added])
    return outcome
