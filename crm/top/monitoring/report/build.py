"""The yearly monitoring report: every indicator of a year with its breakdowns, baseline,
target and the previous year's value — the same numbers the indicator pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from crm.territory.models import Subregion
from crm.top.monitoring import facts
from crm.top.monitoring.indicators import REGISTRY, IndicatorValue, Labels, Period, batch, compute
from crm.top.monitoring.models import IndicatorDefinition
from crm.top.monitoring.selectors import indicator_definitions
from crm.top.monitoring.years import default_year


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
    generated_at: Any

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for chapter in self.chapters for row in chapter.rows]


def indicator_rows(
    *, user: Any, year: int, subregion: Subregion | None = None, previous: bool = True
) -> list[IndicatorRow]:
    """Every defined indicator computed for ``year`` (and the year before); the indicator list
    page and the report both read this."""
    labels = Labels()
    subregion_id = subregion.pk if subregion else None
    definitions = list(indicator_definitions(user=user))
    years = [year, year - 1] if previous else [year]
    batch.prepare([d.query for d in definitions], [Period(y, subregion_id) for y in years], labels)
    rows = []
    for definition in definitions:
        if definition.query not in REGISTRY:
            continue
        value = compute(definition.query, Period(year, subregion_id), labels)
        before = (
            compute(definition.query, Period(year - 1, subregion_id), labels).value
            if previous
            else None
        )
        target = next((t.value for t in definition.targets.all() if t.year == year), None)
        rows.append(IndicatorRow(definition, value, before, target))
    return rows


def build_report(*, user: Any, year: int, subregion: Subregion | None = None) -> Report:
    chapters = {key: Chapter(key, str(label)) for key, label in IndicatorDefinition.Chapter.choices}
    for row in indicator_rows(user=user, year=year, subregion=subregion):
        chapters[row.definition.chapter].rows.append(row)
    return Report(
        year=year,
        subregion=subregion,
        chapters=[c for c in chapters.values() if c.rows],
        generated_at=timezone.localtime(),
    )


def refresh_numbers() -> bool:
    """Count what the indicator page and the report show first (the last full year and the
    year before, the whole region) into the cache, unless it is there already: the first page
    after a write then does not wait. Returns False when nothing may be kept now (another
    transaction is writing, or SQLite)."""
    version = facts.current()
    if version is None or not version.storable:
        return False
    indicator_rows(user=None, year=default_year())
    return True
