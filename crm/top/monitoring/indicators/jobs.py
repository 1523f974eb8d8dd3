"""Jobs in social enterprises: people employed (headcount) and full-time equivalents (FTE),
kept apart, at the end of the year and created in it.

The enterprises of a year are the active organisations holding status PS on 31 December (the
statutory status, or the legacy one until it expired at the end of 2023). Their employment is
read from the employment records (``EmploymentSnapshot``): the latest one on or before the day;
for FTE the latest one that states FTE (a record without FTE says nothing about it).

Jobs created are counted per enterprise as the increase of its employment from the end of the
year before to the end of the year, when there is one: a fall in one enterprise is not negative
job creation and is not netted against another's new jobs. An enterprise with no earlier record
starts from zero. The contact log has no field for jobs created (no "support" entry carries a
number), so the employment records are the only source.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from contacts.models import EmploymentSnapshot, Organisation
from crm.top.monitoring.indicators.base import Measure, Period, filtered, indicator
from crm.top.monitoring.indicators.organisations import (
    KIND_LABELS,
    ORG_POWIAT,
    ORG_SUBREGION,
    active_on,
    enterprise_years,
    ps_status_on,
    se_active_from_records,
)

FTE: DecimalField[Decimal, Decimal] = DecimalField(max_digits=10, decimal_places=2)


def _latest(day: datetime.date, field: str) -> Coalesce:
    """The enterprise's ``field`` in its latest employment record on or before ``day`` that
    states it (0 without one)."""
    recorded = EmploymentSnapshot.objects.filter(organisation=OuterRef("pk"), as_of__lte=day)
    if field == "fte":
        recorded = recorded.filter(fte__isnull=False)
        output: Any = FTE
    else:
        output = IntegerField()
    latest = recorded.order_by("-as_of").values(field)[:1]
    return Coalesce(Subquery(latest, output_field=output), Value(0), output_field=output)


def enterprises(period: Period) -> QuerySet[Organisation]:
    """Active organisations holding status PS (statutory, or legacy until 2023) on 31 December."""
    return Organisation.objects.filter(
        ps_status_on(period.end, statutory_only=False), active_on(period.end)
    )


# What each employment field is called at the two year ends (``now`` and ``before``).
NAMES = {"employees": "jobs", "employees_at_risk": "risk", "fte": "fte"}


def _employment(period: Period) -> QuerySet[Organisation]:
    """The enterprises with each field at the end of the year and of the year before: one
    base for the six measures, so the page counts them in one pass (``batch``); a measure's
    own query selects only what its value reads."""
    annotations = {}
    for field, name in NAMES.items():
        annotations[f"{name}_now"] = _latest(period.end, field)
        annotations[f"{name}_before"] = _latest(period.previous_end, field)
    return enterprises(period).annotate(**annotations)


def _over(
    base: Callable[[Period], QuerySet[Any]], organisation_path: str
) -> Callable[..., Measure]:
    """Measures over the enterprises ``base`` gives for a period (one row each, with its
    ``<name>_now`` / ``<name>_before`` figures): every row counts, the base is the condition;
    ``organisation_path`` leads from a row to its organisation ("" for the organisation)."""

    def measure(period: Period, value: Any, listed: Q, decimals: int = 0) -> Measure:
        return filtered(
            base(period),
            Q(),
            value=value,
            subregion=ORG_SUBREGION,
            powiat=ORG_POWIAT,
            category="kind",
            category_labels=KIND_LABELS,
            organisation_path=organisation_path,
            listed=listed,
            decimals=decimals,
        )

    return measure


_from_records = _over(_employment, "")
_kept = _over(enterprise_years, "organisation")


# Which of the two the indicators count with: the table (``_kept``); ``_from_records`` counts
# the same from the records and is what the tests hold the table to (``FROM_RECORDS``).
_measure = _kept


def _at_year_end(period: Period, field: str, decimals: int = 0, measure: Any = None) -> Measure:
    """The sum of ``field`` over the enterprises; the records are those that report some."""
    now = f"{NAMES[field]}_now"
    return (measure or _measure)(period, Sum(now), Q(**{f"{now}__gt": 0}), decimals)


def _created(period: Period, field: str, decimals: int = 0, measure: Any = None) -> Measure:
    """Per enterprise, the increase of ``field`` over the year, or zero where it fell (so
    nothing negative is ever summed); the records are the enterprises where it grew."""
    now, before = f"{NAMES[field]}_now", f"{NAMES[field]}_before"
    output = FTE if field == "fte" else IntegerField()
    growth = Greatest(F(now) - F(before), Value(0), output_field=output)
    return (measure or _measure)(period, Sum(growth), Q(**{f"{now}__gt": F(before)}), decimals)


@indicator("jobs_year_end")
def jobs_year_end(period: Period) -> Measure:
    """People employed in social enterprises on 31 December (headcount, not FTE)."""
    return _at_year_end(period, "employees")


@indicator("jobs_at_risk_year_end")
def jobs_at_risk_year_end(period: Period) -> Measure:
    """Of the people employed on 31 December: those at risk of social exclusion."""
    return _at_year_end(period, "employees_at_risk")


@indicator("fte_year_end")
def fte_year_end(period: Period) -> Measure:
    """Full-time equivalents in social enterprises on 31 December."""
    return _at_year_end(period, "fte", decimals=2)


@indicator("jobs_created")
def jobs_created(period: Period) -> Measure:
    """Jobs created in social enterprises in the year: the growth of headcount, per enterprise
    where it grew (never negative)."""
    return _created(period, "employees")


@indicator("jobs_created_at_risk")
def jobs_created_at_risk(period: Period) -> Measure:
    """Of the jobs created: those taken by people at risk of exclusion — per enterprise the
    growth of its employees at risk, at most the jobs it created (a part, never more than the
    whole)."""
    return _created_at_risk(period)


def _created_at_risk(period: Period, measure: Any = None) -> Measure:
    part = Least(F("risk_now") - F("risk_before"), F("jobs_now") - F("jobs_before"))
    return (measure or _measure)(
        period,
        Sum(Greatest(part, Value(0))),
        Q(jobs_now__gt=F("jobs_before"), risk_now__gt=F("risk_before")),
    )


@indicator("fte_created")
def fte_created(period: Period) -> Measure:
    """FTE created in social enterprises in the year: the growth of FTE, per enterprise where
    it grew (never negative)."""
    return _created(period, "fte", decimals=2)


# The same indicators counted from the records themselves (``_from_records``), as they were
# before the table: the reference ``tests/monitoring/test_enterprise_years.py`` holds it to.
FROM_RECORDS: dict[str, Callable[[Period], Measure]] = {
    "se_active": se_active_from_records,
    "jobs_year_end": lambda p: _at_year_end(p, "employees", measure=_from_records),
    "jobs_at_risk_year_end": lambda p: _at_year_end(p, "employees_at_risk", measure=_from_records),
    "fte_year_end": lambda p: _at_year_end(p, "fte", 2, measure=_from_records),
    "jobs_created": lambda p: _created(p, "employees", measure=_from_records),
    "jobs_created_at_risk": lambda p: _created_at_risk(p, measure=_from_records),
    "fte_created": lambda p: _created(p, "fte", 2, measure=_from_records),
}
