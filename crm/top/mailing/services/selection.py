"""Who a message to a selection goes to, and who is skipped and why.

The selection is read as the sender sees it (``crm.access.scope`` through the list's own
filters, the export registry's querysets), so nobody writes to a row they could not open.
Whether a person may be written to is then read for every person of the selection, whoever
sends: a restricted representative of a member is skipped and counted, not silently dropped.

- an organisation is written to at its own address, unless it is closed or opted out;
- a person is written to unless restricted (art. 18 GDPR), anonymised, without an address,
  after refusing e-mail, or (legal basis: consent) without a consent in force;
- a network's member is written to through its representative, or at the organisation's
  address when it names none; an event's participant through the person, or the organisation
  registered without one;
- one address gets one message (the second time it is counted as a duplicate).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from contacts.models import Affiliation, Organisation, Person
from contacts.services.email_refusals import consent_in_force, email_refused
from crm.access import scope, unscoped
from crm.exports.registry import EXPORTS
from crm.top.mailing.models import OrganisationOptOut, SkipReason, Source
from interactions.models import Event
from networks.models import Membership, Network

# The lists a message can start from (the export registry's names) and what their rows are.
LISTS = {Source.ORGANISATIONS: "organisations", Source.PEOPLE: "people"}


@dataclass(frozen=True)
class Candidate:
    person_id: int | None
    organisation_id: int | None
    email: str
    skip: str = ""  # a SkipReason, or "" when the message goes out


@dataclass
class Selection:
    """What a message to ``source`` would do: the candidates in order, and the counts."""

    source: str
    network: Network | None = None
    event: Event | None = None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def sendable(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.skip]

    @property
    def skipped(self) -> Counter[str]:
        return Counter(c.skip for c in self.candidates if c.skip)


def _pairs(
    user: Any, source: str, filters: dict[str, Any], network: Any, event: Any
) -> list[tuple[int | None, int | None]]:
    """(person, organisation) of every row of the selection, in the list's order.

    Raises: ValueError for filters that do not validate (a message never ignores a filter).
    """
    if source == Source.ORGANISATIONS:
        rows = scope(EXPORTS["organisations"].queryset(user, filters), user)
        return [(None, pk) for pk in rows.values_list("pk", flat=True)]
    if source == Source.PEOPLE:
        rows = scope(EXPORTS["people"].queryset(user, filters), user)
        return [(pk, None) for pk in rows.values_list("pk", flat=True)]
    if source == Source.NETWORK:
        today = timezone.localdate()
        members = (
            scope(Membership.objects.all(), user)
            .filter(network=network, joined_on__lte=today)
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
            .order_by("organisation__name", "organisation_id")
        )
        return list(members.values_list("representative_id", "organisation_id"))
    if source == Source.EVENT:
        rows = EXPORTS["participants"].queryset(user, {**filters, "event": event.pk})
        return list(scope(rows, user).values_list("person_id", "organisation_id"))
    raise ValueError(source)


def _person_organisations(person_ids: list[int]) -> dict[int, int]:
    """Each person's organisation for {{ organizacja }}: their primary current affiliation."""
    current = (
        Affiliation.objects.filter(person_id__in=person_ids, ended_on__isnull=True)
        .order_by("person_id", "-is_primary", "id")
        .values_list("person_id", "organisation_id")
    )
    found: dict[int, int] = {}
    for person_id, organisation_id in current:
        found.setdefault(person_id, organisation_id)
    return found


def person_skip(person: Any) -> str:
    """Why ``person`` (annotated by ``people_facts``) gets no message, or ""."""
    if person.restricted:
        return SkipReason.RESTRICTED
    if person.anonymised_at or not person.email:
        return SkipReason.NO_ADDRESS
    if person.refused:
        return SkipReason.REFUSED
    if person.legal_basis == Person.LegalBasis.CONSENT and not person.consented:
        return SkipReason.NO_CONSENT
    return ""


def people_facts(person_ids: list[int]) -> dict[int, Any]:
    """The people with what decides whether they may be written to (every person, restricted
    ones included: they are counted as skipped). Call inside ``unscoped``."""
    rows = Person.objects.filter(pk__in=person_ids).annotate(
        refused=email_refused(), consented=consent_in_force()
    )
    return {p.pk: p for p in rows.only("email", "restricted", "anonymised_at", "legal_basis")}


def organisation_skip(organisation: Any, opted_out: set[int]) -> str:
    today = timezone.localdate()
    if organisation.closed_on is not None and organisation.closed_on <= today:
        return SkipReason.CLOSED
    if not organisation.email:
        return SkipReason.NO_ADDRESS
    if organisation.pk in opted_out:
        return SkipReason.REFUSED
    return ""


def organisations_facts(organisation_ids: list[int]) -> tuple[dict[int, Any], set[int]]:
    """Call inside ``unscoped``."""
    organisations = Organisation.objects.filter(pk__in=organisation_ids).only("email", "closed_on")
    opted_out = set(
        OrganisationOptOut.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", flat=True
        )
    )
    return {o.pk: o for o in organisations}, opted_out


def selection_resolve(
    *,
    user: Any,
    source: str,
    filters: dict[str, Any] | None = None,
    network: Network | None = None,
    event: Event | None = None,
) -> Selection:
    """The recipients of a message to ``source`` as ``user`` sends it.

    Raises: ValueError for filters that do not validate.
    """
    pairs = _pairs(user, source, filters or {}, network, event)
    person_ids = sorted({p for p, _ in pairs if p is not None})
    with unscoped("whether a person of the selection may be written to, restricted or not"):
        people = people_facts(person_ids)
        affiliated = _person_organisations(person_ids) if source == Source.PEOPLE else {}
        organisation_ids = sorted({o for p, o in pairs if p is None and o is not None})
        organisations, opted_out = organisations_facts(organisation_ids)
    selection = Selection(source=source, network=network, event=event)
    seen: set[str] = set()
    for person_id, organisation_id in pairs:
        if person_id is not None:
            person = people[person_id]
            organisation_id = organisation_id or affiliated.get(person_id)
            email, skip = (person.email or ""), person_skip(person)
        elif organisation_id is not None:
            organisation = organisations[organisation_id]
            email, skip = organisation.email, organisation_skip(organisation, opted_out)
        else:
            continue
        key = email.casefold()
        if not skip and key in seen:
            skip = SkipReason.DUPLICATE
        if not skip:
            seen.add(key)
        selection.candidates.append(Candidate(person_id, organisation_id, email, skip))
    return selection
