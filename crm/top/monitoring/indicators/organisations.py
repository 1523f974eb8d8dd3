"""Indicators over contacts: PES by kind and social enterprises (jobs: ``jobs.py``).

An organisation counts from its founding date (or, unknown, from when it was first recorded)
until its closing date, as ``lifetime`` says; a status PS from its grant until the day it is
lost (on that day it is no longer held) and never after the organisation closed.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from contacts.models import PES_KINDS, Organisation, OrganisationKind, SocialEnterpriseStatus
from crm.top.monitoring.indicators import lifetime
from crm.top.monitoring.indicators.base import Measure, Period, filtered, indicator
from crm.top.monitoring.models import EnterpriseYear

KIND_LABELS = dict(OrganisationKind.choices)
PURPOSE_LABELS = dict(SocialEnterpriseStatus.Purpose.choices)
ORG_SUBREGION = "gmina__subregion"
ORG_POWIAT = "gmina__powiat"


def pes() -> Q:
    return Q(kind__in=sorted(PES_KINDS))


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """An organisation is active on ``day``: counted from on or before it, not closed."""
    return lifetime.active_on(day, prefix)


def _held_on(day: datetime.date, *, statutory_only: bool) -> QuerySet[SocialEnterpriseStatus]:
    statuses = SocialEnterpriseStatus.objects.filter(granted_on__lte=day).filter(
        Q(lost_on__isnull=True) | Q(lost_on__gt=day)
    )
    if statutory_only or day > SocialEnterpriseStatus.LEGACY_EXPIRY:
        statuses = statuses.filter(kind=SocialEnterpriseStatus.Kind.STATUTORY)
    return statuses


def ps_status_on(day: datetime.date, *, statutory_only: bool) -> Exists:
    """The organisation holds status PS on ``day``: granted on or before it, not lost on or
    before it (a status lost on 31 December is not held at year end, as an organisation closed
    that day is not active; ``SocialEnterpriseStatus.is_active_on`` and the lists read it so).

    Several grants of one organisation make one row of the outer query: an enterprise that
    lost the status and was granted it again counts once.
    """
    return Exists(_held_on(day, statutory_only=statutory_only).filter(organisation=OuterRef("pk")))


def ps_holders(day: datetime.date, *, statutory_only: bool) -> Q:
    """``ps_status_on`` as ``pk__in``: hashed once when many measures are counted in one pass
    (``batch``), where ``EXISTS`` would probe the statuses per organisation and measure."""
    return Q(pk__in=_held_on(day, statutory_only=statutory_only).values("organisation"))


def organisations(condition: Q) -> Measure:
    """Organisations meeting ``condition``, where they are and by kind (counted in one pass
    with the other such measures of the page)."""
    return filtered(
        Organisation.objects.all(),
        condition,
        value=Count("pk"),
        subregion=ORG_SUBREGION,
        powiat=ORG_POWIAT,
        category="kind",
        category_labels=KIND_LABELS,
    )


@indicator("pes_active")
def pes_active(period: Period) -> Measure:
    """PES (by kind) active on 31 December: counted from on or before it, not closed."""
    return organisations(pes() & active_on(period.end))


@indicator("pes_new")
def pes_new(period: Period) -> Measure:
    """PES that began to count in the year: founded in it (or, with no founding date, first
    recorded in it). Active at the end = active a year before + new − closed."""
    return organisations(pes() & lifetime.begun_between(period.start, period.end))


@indicator("pes_closed")
def pes_closed(period: Period) -> Measure:
    """PES closed in the year (after they had begun to count)."""
    return organisations(pes() & lifetime.closed_between(period.start, period.end))


def enterprise_years(period: Period) -> QuerySet[EnterpriseYear]:
    """The active organisations holding status PS (statutory, or legacy until it expired) on
    31 December, one row each, with their employment (``jobs``): read from the table the
    triggers keep (``enterprise_years``), which holds what ``active_on`` and the breakdowns
    read of the organisation, so the 100,000 organisations are not joined. Its ``onwards``
    row stands for every later year."""
    return EnterpriseYear.objects.filter(
        Q(year=period.year) | Q(onwards=True, year__lt=period.year),
        active_on(period.end),
    )


@indicator("se_active")
def se_active(period: Period) -> Measure:
    """Active organisations holding the statutory status PS on 31 December (each once): a
    closed organisation is not an enterprise, whatever its status record says."""
    return filtered(
        enterprise_years(period),
        Q(statutory=True),
        value=Count("pk"),
        subregion=ORG_SUBREGION,
        powiat=ORG_POWIAT,
        category="kind",
        category_labels=KIND_LABELS,
        organisation_path="organisation",
    )


def se_active_from_records(period: Period) -> Measure:
    """``se_active`` counted from the statuses themselves (what the tests hold the table to)."""
    return organisations(ps_holders(period.end, statutory_only=True) & active_on(period.end))


def _statuses(condition: Q) -> Measure:
    return filtered(
        SocialEnterpriseStatus.objects.all(),
        condition & Q(kind=SocialEnterpriseStatus.Kind.STATUTORY),
        value=Count("pk"),
        subregion=f"organisation__{ORG_SUBREGION}",
        powiat=f"organisation__{ORG_POWIAT}",
        category="purpose",
        category_labels=PURPOSE_LABELS,
        organisation_path="organisation",
    )


@indicator("se_granted")
def se_granted(period: Period) -> Measure:
    """Voivode's decisions granting the statutory status PS in the year."""
    return _statuses(Q(granted_on__range=(period.start, period.end)))


@indicator("se_lost")
def se_lost(period: Period) -> Measure:
    """Statutory statuses PS lost in the year."""
    return _statuses(Q(lost_on__range=(period.start, period.end)))
