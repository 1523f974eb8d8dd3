"""The yearly monitoring report: every indicator of a year with its breakdowns, baseline,
target and the previous year's value — the same numbers the indicator pages show."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from crm.territory.models import Subregion
from crm.top.monitoring.indicators import REGISTRY, IndicatorValue, Labels, Period, batch, compute
from crm.top.monitoring.models import IndicatorDefinition
from crm.top.monitoring.selectors import indicator_definitions


@dataclass
class IndicatorRow:
    definition: IndicatorDefinition
    value: IndicatorValue
    previous: Decimal | int | None
    target: Decimal | None

    @property
    def achieved_pct(self) -> Decimal | None:
        """The value as a share of the target, per cent (None without a target)."""
        if not self.target:
            return None
        return (Decimal(self.value.value) * 100 / self.target).quantize(Decimal("0.1"))


@dataclass
class Chapter:
    key: str
    title: str
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Report:
    year: int
    subregion: Subregion | None
    chapters: list[Chapter]
    # When its numbers were counted (now, unless they were kept: ``report.shown``).
    generated_at: Any
    # The numbers were counted before the data last changed and are being counted again.
    outdated: bool = False

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for chapter in self.chapters for row in chapter.rows]


@dataclass(frozen=True)
class Counted:
    """Every indicator of a year (with its breakdowns) and of the year before (the total),
    by computation key, and when they were counted."""

    values: dict[str, IndicatorValue]
    previous: dict[str, Decimal | int]
    counted_at: datetime.datetime


def count(
    *, keys: Iterable[str], year: int, subregion_id: int | None, previous: bool = True
) -> Counted:
    """The computations ``keys`` counted for ``year`` (and the year before) at the current data
    version: each number read from the cache when kept there (``facts``), the rest counted
    together (``batch``)."""
    counted_at = timezone.now()
    keys = sorted({key for key in keys if key in REGISTRY})
    labels = Labels()
    now, before = Period(year, subregion_id), Period(year - 1, subregion_id)
    batch.prepare(keys, [now, before] if previous else [now], labels)
    return Counted(
        values={key: compute(key, now, labels) for key in keys},
        previous={key: compute(key, before, labels).value for key in keys} if previous else {},
        counted_at=counted_at,
    )


def rows_of(
    definitions: Iterable[IndicatorDefinition], counted: Counted, year: int
) -> list[IndicatorRow]:
    """One row per definition with a registered computation, its numbers from ``counted``."""
    return [
        IndicatorRow(
            definition,
            counted.values[definition.query],
            counted.previous.get(definition.query),
            next((t.value for t in definition.targets.all() if t.year == year), None),
        )
        for definition in definitions
        if definition.query in REGISTRY
    ]


def indicator_rows(
    *, user: Any, year: int, subregion: Subregion | None = None, previous: bool = True
) -> list[IndicatorRow]:
    """Every defined indicator computed for ``year`` (and the year before) at the current data
    version: what the report file holds (the pages show ``report.shown``)."""
    definitions = list(indicator_definitions(user=user))
    counted = count(
        keys=[d.query for d in definitions],
        year=year,
        subregion_id=subregion.pk if subregion else None,
        previous=previous,
    )
    return rows_of(definitions, counted, year)


def report_of(
    rows: Iterable[IndicatorRow],
    *,
    year: int,
    subregion: Subregion | None,
    counted_at: datetime.datetime,
    outdated: bool = False,
) -> Report:
    chapters = {key: Chapter(key, str(label)) for key, label in IndicatorDefinition.Chapter.choices}
    for row in rows:
        chapters[row.definition.chapter].rows.append(row)
    return Report(
        year=year,
        subregion=subregion,
        chapters=[c for c in chapters.values() if c.rows],
        generated_at=timezone.localtime(counted_at),
        outdated=outdated,
    )


def build_report(*, user: Any, year: int, subregion: Subregion | None = None) -> Report:
    """The report of ``year`` counted at the current data version (the report file)."""
    counted_at = timezone.now()
    rows = indicator_rows(user=user, year=year, subregion=subregion)
    return report_of(rows, year=year, subregion=subregion, counted_at=counted_at)
