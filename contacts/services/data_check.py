"""The data check: stored records that break a rule the services enforce on every new write,
but that records older than the rule (or written around the services) may still break.

One query per rule over the whole table, so it runs on a full database in seconds; each rule
says in words what is wrong and gives the records. The rules are the services' own
(``SocialEnterpriseStatus.clean`` and ``ps_status_check``, ``Organisation.clean`` and
``organisation_check``, the accreditation and tie services): ``tests/contacts/test_check_data.py``
breaks each one and expects the check to list it. ``manage.py check_data`` prints the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    OPERATED_KINDS,
    PES_KINDS,
    PS_ELIGIBLE_KINDS,
    LinkKind,
    Organisation,
    OrganisationKind,
    OrganisationLink,
    OwesAccreditation,
    SocialEnterpriseStatus,
)
from crm.access import unscoped

Status = SocialEnterpriseStatus
STATUTORY, LEGACY = Status.Kind.STATUTORY, Status.Kind.LEGACY


@dataclass(frozen=True)
class Rule:
    code: str
    text: Any  # what is wrong, in words (translated)
    rows: Callable[[], QuerySet[Any]]  # the records that break it


@dataclass(frozen=True)
class Finding:
    rule: Rule
    count: int
    examples: list[Any]


def _overlapping_statutory() -> QuerySet[Status]:
    """Statutory grants that meet another statutory grant of the same organisation: the
    other was not lost before this one began, and began before this one was lost (if it was)."""
    meets = (
        Status.objects.filter(organisation=OuterRef("organisation"), kind=STATUTORY)
        .exclude(pk=OuterRef("pk"))
        .filter(Q(lost_on__isnull=True) | Q(lost_on__gt=OuterRef("granted_on")))
    )
    return Status.objects.filter(kind=STATUTORY).filter(
        (Q(lost_on__isnull=True) & Exists(meets))
        | Exists(meets.filter(granted_on__lt=OuterRef("lost_on")))
    )


def _clashing_accreditations() -> QuerySet[OwesAccreditation]:
    """Accreditations of one subregion whose periods meet (one OWES serves it at a time).

    Accreditations are a handful per subregion: compared in Python, pair by pair."""
    rows = list(OwesAccreditation.objects.prefetch_related("subregions"))
    clashing: set[int] = set()
    for i, a in enumerate(rows):
        served = {s.pk for s in a.subregions.all()}
        for b in rows[i + 1 :]:
            if not served & {s.pk for s in b.subregions.all()}:
                continue
            if (a.valid_from is None or b.valid_to is None or a.valid_from <= b.valid_to) and (
                b.valid_from is None or a.valid_to is None or b.valid_from <= a.valid_to
            ):
                clashing.update({a.pk, b.pk})
    return OwesAccreditation.objects.filter(pk__in=sorted(clashing))


def _units_with_a_foreign_nip() -> QuerySet[Organisation]:
    """Units whose NIP another family holds: not their operator, not a sibling unit."""
    foreign = (
        Organisation.objects.filter(nip=OuterRef("nip"))
        .exclude(pk=OuterRef("pk"))
        .exclude(pk=OuterRef("operator"))
        .exclude(operator=OuterRef("operator"))
    )
    return Organisation.objects.filter(operator__isnull=False, nip__isnull=False).filter(
        Exists(foreign)
    )


RULES: list[Rule] = [
    Rule(
        "ps_statutory_before_act",
        _("Statutory PS status granted before 30.10.2022 (the Act came into force then)"),
        lambda: Status.objects.filter(kind=STATUTORY, granted_on__lt=Status.STATUTORY_SINCE),
    ),
    Rule(
        "ps_kind_not_eligible",
        _("Statutory PS status of a kind that cannot hold it (the Act, art. 3)"),
        lambda: Status.objects.filter(kind=STATUTORY).exclude(
            organisation__kind__in=sorted(PS_ELIGIBLE_KINDS)
        ),
    ),
    Rule(
        "ps_overlap",
        _("Two statutory PS statuses of one organisation at the same time"),
        _overlapping_statutory,
    ),
    Rule(
        "ps_after_closed",
        _("PS status granted on or after the day the organisation closed"),
        lambda: Status.objects.filter(
            organisation__closed_on__isnull=False, granted_on__gte=F("organisation__closed_on")
        ),
    ),
    Rule(
        "ps_legacy_after_act",
        _("Old OWES-verified PS status granted on or after 30.10.2022"),
        lambda: Status.objects.filter(kind=LEGACY, granted_on__gte=Status.STATUTORY_SINCE),
    ),
    Rule(
        "ps_legacy_lost_late",
        _("Old OWES-verified PS status lost after 01.01.2024 (it expired with 2023)"),
        lambda: Status.objects.filter(kind=LEGACY, lost_on__gt=Status.LEGACY_LOST_BY),
    ),
    Rule(
        "unit_without_operator",
        _("WTZ, ZAZ, CIS or KIS without the organisation that runs it"),
        lambda: Organisation.objects.filter(kind__in=sorted(OPERATED_KINDS), operator__isnull=True),
    ),
    Rule(
        "operator_not_allowed",
        _("An operator recorded for a kind that is not run by another organisation"),
        lambda: Organisation.objects.filter(operator__isnull=False).exclude(
            kind__in=sorted(OPERATED_KINDS)
        ),
    ),
    Rule(
        "operator_is_unit",
        _("A unit whose operator is itself run by another organisation"),
        lambda: Organisation.objects.filter(operator__operator__isnull=False),
    ),
    Rule(
        "unit_nip_of_another",
        _("A unit carrying the NIP of an organisation that does not run it"),
        _units_with_a_foreign_nip,
    ),
    Rule(
        "accreditation_not_owes",
        _("OWES accreditation of an organisation that is not an OWES"),
        lambda: OwesAccreditation.objects.exclude(organisation__kind=OrganisationKind.OWES),
    ),
    Rule(
        "accreditation_without_subregion",
        _("OWES accreditation that covers no subregion"),
        lambda: OwesAccreditation.objects.filter(subregions__isnull=True),
    ),
    Rule(
        "accreditation_clash",
        _("Two OWES accreditations of one subregion at the same time"),
        _clashing_accreditations,
    ),
    Rule(
        "support_not_owes_to_pes",
        _("OWES support tie that is not from an OWES to a PES"),
        lambda: OrganisationLink.objects.filter(kind=LinkKind.OWES_SUPPORT).exclude(
            other__kind=OrganisationKind.OWES, organisation__kind__in=sorted(PES_KINDS)
        ),
    ),
]


@unscoped("the data check reads every record, whoever could see it")
def data_check(*, examples: int = 10) -> list[Finding]:
    """Every rule that some stored record breaks, with how many and the first ``examples``."""
    findings = []
    for rule in RULES:
        rows = rule.rows().order_by("pk")
        count = rows.count()
        if count:
            findings.append(Finding(rule, count, list(rows[:examples])))
    return findings
