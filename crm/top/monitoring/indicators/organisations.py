"""Indicators over contacts: PES by kind, social enterprises, jobs in social enterprises."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from contacts.models import (
    PES_KINDS,
    EmploymentSnapshot,
    Organisation,
    OrganisationKind,
    SocialEnterpriseStatus,
)
from crm.top.monitoring.indicators.base import Measure, Period, indicator

KIND_LABELS = dict(OrganisationKind.choices)
PURPOSE_LABELS = dict(SocialEnterpriseStatus.Purpose.choices)
ORG_SUBREGION = "gmina__subregion"
ORG_POWIAT = "gmina__powiat"


def pes() -> Q:
    return Q(kind__in=sorted(PES_KINDS))


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """An organisation exists on ``day`` (as ``Organisation.is_active_on`` says)."""
    return (Q(**{f"{prefix}founded_on__isnull": True}) | Q(**{f"{prefix}founded_on__lte": day})) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def ps_status_on(day: datetime.date, *, statutory_only: bool) -> Exists:
    """The organisation holds status PS on ``day`` (as ``SocialEnterpriseStatus.is_active_on``).

    Several grants of one organisation make one row of the outer query: an enterprise that
    lost the status and was granted it again counts once.
    """
    statuses = SocialEnterpriseStatus.objects.filter(
        organisation=OuterRef("pk"), granted_on__lte=day
    ).filter(Q(lost_on__isnull=True) | Q(lost_on__gte=day))
    if statutory_only or day > SocialEnterpriseStatus.LEGACY_EXPIRY:
        statuses = statuses.filter(kind=SocialEnterpriseStatus.Kind.STATUTORY)
    return Exists(statuses)


def _organisations(condition: Q) -> Measure:
    return Measure(
        queryset=Organisation.objects.filter(condition),
        value=Count("pk"),
        subregion=ORG_SUBREGION,
        powiat=ORG_POWIAT,
        category="kind",
        category_labels=KIND_LABELS,
    )


@indicator("pes_active")
def pes_active(period: Period) -> Measure:
    """PES (by kind) that exist at the end of the year."""
    return _organisations(pes() & active_on(period.end))


@indicator("pes_new")
def pes_new(period: Period) -> Measure:
    """PES founded in the year."""
    return _organisations(pes() & Q(founded_on__range=(period.start, period.end)))


@indicator("pes_closed")
def pes_closed(period: Period) -> Measure:
    """PES closed in the year."""
    return _organisations(pes() & Q(closed_on__range=(period.start, period.end)))


@indicator("se_active")
def se_active(period: Period) -> Measure:
    """Organisations holding the statutory status PS at the end of the year (each once)."""
    return _organisations(Q(ps_status_on(period.end, statutory_only=True)))


def _statuses(condition: Q) -> Measure:
    return Measure(
        queryset=SocialEnterpriseStatus.objects.filter(
            condition, kind=SocialEnterpriseStatus.Kind.STATUTORY
        ),
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


def _snapshot_on(day: datetime.date, field: str) -> Coalesce:
    """The organisation's latest employment snapshot on or before ``day`` (0 without one)."""
    latest = (
        EmploymentSnapshot.objects.filter(organisation=OuterRef("pk"), as_of__lte=day)
        .order_by("-as_of")
        .values(field)[:1]
    )
    return Coalesce(Subquery(latest, output_field=IntegerField()), Value(0))


def _jobs(period: Period, field: str, *, created: bool) -> Measure:
    enterprises = Organisation.objects.filter(
        ps_status_on(period.end, statutory_only=False)
    ).annotate(jobs_now=_snapshot_on(period.end, field))
    if created:
        enterprises = enterprises.annotate(jobs_before=_snapshot_on(period.previous_end, field))
        value = Sum(F("jobs_now") - F("jobs_before"))
    else:
        value = Sum("jobs_now")
    return Measure(
        queryset=enterprises,
        value=value,
        subregion=ORG_SUBREGION,
        powiat=ORG_POWIAT,
        category="kind",
        category_labels=KIND_LABELS,
    )


@indicator("jobs_year_end")
def jobs_year_end(period: Period) -> Measure:
    """Jobs in social enterprises at the end of the year (latest snapshot on or before it)."""
    return _jobs(period, "employees", created=False)


@indicator("jobs_at_risk_year_end")
def jobs_at_risk_year_end(period: Period) -> Measure:
    """Of the jobs at the end of the year: those of people at risk of social exclusion."""
    return _jobs(period, "employees_at_risk", created=False)


@indicator("jobs_created")
def jobs_created(period: Period) -> Measure:
    """Jobs created in the year: each enterprise's year-end jobs minus the previous year-end's.

    Counted over the enterprises holding the status at the end of the year; one without a
    snapshot before the year starts from zero; a fall in jobs counts as negative.
    """
    return _jobs(period, "employees", created=True)


@indicator("jobs_created_at_risk")
def jobs_created_at_risk(period: Period) -> Measure:
    """Of the jobs created in the year: those of people at risk of social exclusion."""
    return _jobs(period, "employees_at_risk", created=True)
