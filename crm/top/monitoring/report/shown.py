"""What the indicator page and the report page show: every indicator of a year and of the year
before, kept as one set until the data changes (``facts``).

Counting them takes seconds at ten years of data, so the pages show the set kept for their
year, subregion and language. When the data has changed since, they show the last set with
the time it was counted, said to be older, and a task counts the new one (as the graph page
does: ``graph.picture``); only a set never counted before is counted while the browser waits,
and so is every set on SQLite, where nothing is kept. The report file, the indicator detail
page and the API never read this: they count at the current version (``build``).

Why one set under one name rather than each number's newest: every number is kept on its own
too (``compute``), and after a write the detail page, the API and the report file count some of
them again; a page reading each number's newest would show numbers of two versions side by
side (this year's counted after the write beside last year's before it). The set is what was
counted at one data version, kept and read whole. A write that lands while the set is being
counted moves the version: the set is then older at once, and shown as such.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from crm.territory.models import Subregion
from crm.top.monitoring import facts
from crm.top.monitoring.indicators import REGISTRY, Period
from crm.top.monitoring.models import IndicatorDefinition
from crm.top.monitoring.report.build import Counted, Report, count, report_of, rows_of
from crm.top.monitoring.selectors import indicator_definitions
from crm.top.monitoring.years import FIRST_YEAR, default_year


def _keys() -> list[str]:
    """The computations every defined indicator names: the set holds them all, so it is the
    same for everyone who may see the page, and a changed definition names another set."""
    queries = IndicatorDefinition.objects.values_list("query", flat=True).distinct()
    return sorted({query for query in queries if query in REGISTRY})


def _name(year: int, subregion_id: int | None, keys: list[str]) -> str:
    """The set's key: its year, subregion, computations and language (the breakdowns' names
    are written in it)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    digest = hashlib.sha256(",".join(keys).encode()).hexdigest()[:16]
    return f"indicators:{language}:{year}:{subregion_id}:{digest}"


def _kept(year: int, subregion_id: int | None, keys: list[str], version: Any) -> Counted:
    """The set at ``version``, counted now unless kept (and kept when the version allows)."""
    return facts.kept(
        _name(year, subregion_id, keys),
        version,
        lambda: count(keys=keys, year=year, subregion_id=subregion_id),
        facts.seconds_valid(Period(year).end),
    )


def shown_numbers(*, year: int, subregion_id: int | None) -> tuple[Counted, bool]:
    """The set the pages show, and whether it is older than the data (then a task is counting
    the new one: ``facts.shown``)."""
    from crm.top.monitoring.tasks import monitoring_count_indicators_task

    keys = _keys()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return facts.shown(
        _name(year, subregion_id, keys),
        facts.current(),
        lambda: count(keys=keys, year=year, subregion_id=subregion_id),
        facts.seconds_valid(Period(year).end),
        lambda: monitoring_count_indicators_task.delay(year, subregion_id, language),
    )


def shown_report(*, user: Any, year: int, subregion: Subregion | None = None) -> Report:
    """The indicator page's and the report page's report: ``shown_numbers`` in rows."""
    counted, outdated = shown_numbers(year=year, subregion_id=subregion.pk if subregion else None)
    return report_of(
        rows_of(indicator_definitions(user=user), counted, year),
        year=year,
        subregion=subregion,
        counted_at=counted.counted_at,
        outdated=outdated,
    )


def count_in_task(*, year: int, subregion_id: int | None, language: str) -> None:
    """Count the set of ``year`` and ``subregion_id`` in ``language`` into the cache (nothing
    when it is there already; a year or subregion that no page asks for is ignored)."""
    if not FIRST_YEAR <= year <= timezone.localdate().year or language not in dict(
        settings.LANGUAGES
    ):
        return
    if subregion_id is not None and not Subregion.objects.filter(pk=subregion_id).exists():
        return
    with translation.override(language):
        keys = _keys()
        try:
            _kept(year, subregion_id, keys, facts.current())
        finally:
            facts.counted(_name(year, subregion_id, keys))


def refresh_numbers() -> bool:
    """Count what the indicator page and the report show first (the last full year and the
    year before, the whole region, in the default language) into the cache, unless it is
    there already: the first page after a write then does not wait and is not older. Returns
    False when nothing may be kept now (another transaction is writing, or SQLite)."""
    version = facts.current()
    if version is None or not version.storable:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        _kept(default_year(), None, _keys(), version)
    return True
