"""Indicators of one kind of record counted together: one pass over the records, not one each.

The indicator page and the report count every indicator for a year and the year before: about
seventy grouped queries, a third of them over the 100,000 organisations, one after another. The
measures built with ``filtered`` (the records of a ``base`` that meet a ``condition``) and
grouped the same way are counted in one query: the base grouped once, with one aggregate per
measure restricted to its own condition (``COUNT(*) FILTER (WHERE ...)``). A condition is
evaluated for every record of the base, so only cheap ones opt in: columns, and ``pk__in`` of
a set PostgreSQL hashes once. Each measure's rows are then exactly those its own grouped
query gives: the groups where at least one record meets its condition, with the same value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Aggregate, Count, F, Value

from crm import access
from crm.top.monitoring import facts
from crm.top.monitoring.indicators.base import REGISTRY, Labels, Measure, Period, kept_name


def _batchable(measure: Measure) -> bool:
    return (
        measure.base is not None
        and measure.condition is not None
        and measure.additive
        and measure.denominator is None
        and isinstance(measure.value, Aggregate)
        and measure.value.filter is None
    )


def _signature(measure: Measure, period: Period, texts: dict[int, str]) -> tuple[Any, ...]:
    """What measures counted in one pass share. The base's SQL is written once per base object
    (``texts``, by its id): measures built on one shared base (the JST–PES partnerships) then
    compile it once, not each."""
    assert measure.base is not None
    text = texts.get(id(measure.base))
    if text is None:
        # Of a clone: compiling marks the query's aliases used, and a base may be shared.
        text = texts[id(measure.base)] = str(measure.base.query.clone())
    return (
        measure.base.model,
        text,
        measure.subregion,
        measure.powiat,
        measure.category,
        period.subregion_id,
    )


def prepare(keys: Iterable[str], periods: Iterable[Period], labels: Labels) -> None:
    """Count together what ``compute`` would count one by one for ``keys`` × ``periods``
    (what is kept already is not counted); ``compute`` then takes the rows from ``labels``."""
    groups: dict[tuple[Any, ...], list[tuple[str, Measure]]] = defaultdict(list)
    # The bases' SQL by their id: each measure holds its base, so no id is reused meanwhile.
    texts: dict[int, str] = {}
    for period in periods:
        for key in keys:
            name = kept_name(key, period)
            if key not in REGISTRY or facts.is_current(name, labels.version):
                continue
            measure = labels.measure(key, period)
            if _batchable(measure):
                groups[_signature(measure, period, texts)].append((name, measure))
    for (*_, subregion_id), members in groups.items():
        if len(members) > 1:
            labels.prepared.update(_count_together(members, subregion_id))


def _count_together(
    members: list[tuple[str, Measure]], subregion_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    first = members[0][1]
    assert first.base is not None
    queryset = access.scope_statistics(first.base)
    if subregion_id is not None:
        queryset = queryset.filter(**{first.subregion: subregion_id})
    dims: dict[str, Any] = {"dim_subregion": F(first.subregion)}
    if first.powiat:
        dims["dim_powiat"] = F(first.powiat)
    if first.category:
        dims["dim_category"] = F(first.category)
    aggregates: dict[str, Any] = {}
    for n, (_name, measure) in enumerate(members):
        value: Any = measure.value.copy()  # an unfiltered Aggregate (``_batchable``)
        value.filter = measure.condition
        aggregates[f"agg_{n}"] = value
        if not _counts_records(value):
            # Whether the group has a record of this measure (a sum of nulls is no zero).
            # COUNT(1): no column read, so an index that holds the rest can answer alone.
            aggregates[f"has_{n}"] = Count(Value(1), filter=measure.condition)
    rows = list(queryset.values(**dims).annotate(**aggregates).order_by())
    return {
        name: [
            {**{d: row[d] for d in dims}, "agg_value": row[f"agg_{n}"]}
            for row in rows
            if row.get(f"has_{n}", row[f"agg_{n}"])
        ]
        for n, (name, _measure) in enumerate(members)
    }


def _counts_records(value: Any) -> bool:
    """``Count("pk")`` or ``Count(Value(1))``: its own value says whether the group has a
    record."""
    if not isinstance(value, Count) or getattr(value, "distinct", False):
        return False
    source = value.get_source_expressions()[:1]
    return [getattr(e, "name", None) for e in source] == ["pk"] or (
        len(source) == 1 and isinstance(source[0], Value) and source[0].value == 1
    )
