"""The indicator registry: each code names a function that says *what* to count.

A computation returns a :class:`Measure`: the queryset of the records behind the number, the
aggregate over them, and the paths to their subregion, powiat and category. :func:`compute`
turns it into one ``GROUP BY subregion, powiat, category`` query per indicator and year, and
derives the total and every breakdown from those few grouped rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Expression, F, Model, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crm import access
from crm.territory.models import Powiat, Subregion
from crm.text import polish_sort_key
from crm.top.monitoring import facts


@dataclass(frozen=True)
class Period:
    """A calendar year, optionally narrowed to one subregion, seen by ``user``."""

    year: int
    subregion_id: int | None = None
    user: Any = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def previous_end(self) -> datetime.date:
        return datetime.date(self.year - 1, 12, 31)


@dataclass(frozen=True)
class Measure:
    queryset: QuerySet[Any]
    value: Expression
    subregion: str
    powiat: str | None = None
    category: str | None = None
    category_labels: Mapping[str, Any] | None = None
    # A ratio (per cent): ``value`` is the numerator, this the denominator, summed per group.
    denominator: Expression | None = None
    # False when one record can fall into several groups (e.g. a partnership of two powiats):
    # the total then needs its own query instead of the sum of the groups.
    additive: bool = True
    # Path from a record to its organisation ("" when the records are organisations; None when
    # the records themselves are listed: then as many as a count says): the organisations
    # behind a number are listed through it.
    organisation_path: str | None = ""
    # What a listed record's name reads (``select_related``), when the records are listed.
    related: tuple[str, ...] = ()
    # When the records listed are others than those counted (``organisation_path`` None): their
    # model and the path from a counted record to one (a partnership counted as its PES party).
    listed_through: tuple[type[Model], str] | None = None
    # Which records are listed behind the number: those that add to it (None: every one). Kept
    # out of the grouped query, where a sum of zeros costs less than a second filter pass.
    listed: Q | None = None
    decimals: int = 0
    # What ``value`` is divided by to be shown (minutes summed exactly, hours shown).
    divisor: int = 1
    # Set when ``queryset`` is ``base.filter(condition)`` with dimensions joined one to one:
    # measures of one base are then counted in one pass over it (``batch``).
    base: QuerySet[Any] | None = None
    condition: Q | None = None


def filtered(base: QuerySet[Any], condition: Q, **fields: Any) -> Measure:
    """The measure of the records of ``base`` that meet ``condition`` (batched with others of
    the same ``base``)."""
    return Measure(queryset=base.filter(condition), base=base, condition=condition, **fields)


Computation = Callable[[Period], Measure]
REGISTRY: dict[str, Computation] = {}


def indicator(key: str) -> Callable[[Computation], Computation]:
    """Register a computation under ``key`` (what ``IndicatorDefinition.query`` names)."""

    def register(function: Computation) -> Computation:
        if key in REGISTRY:
            raise ValueError(f"indicator computation {key!r} registered twice")
        REGISTRY[key] = function
        return function

    return register


@dataclass
class Cell:
    key: Any
    label: str
    value: Decimal | int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class IndicatorValue:
    key: str
    year: int
    subregion_id: int | None
    value: Decimal | int
    by_subregion: list[Cell]
    by_powiat: list[Cell]
    by_category: list[Cell]
    has_location: bool
    params: dict[str, Any]


def _number(value: Any, decimals: int) -> Decimal | int:
    if value is None:
        return 0 if decimals == 0 else Decimal(0).quantize(Decimal(1).scaleb(-decimals))
    if decimals == 0:
        return int(Decimal(value).to_integral_value(ROUND_HALF_UP))
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _ratio(numerator: Any, denominator: Any, decimals: int) -> Decimal | int:
    if not denominator:
        return _number(0, decimals)
    return _number(Decimal(numerator or 0) * 100 / Decimal(denominator), decimals)


def scoped(measure: Measure, period: Period) -> QuerySet[Any]:
    # Aggregates hold no personal data: the ``monitoring.view`` capability guards them, and
    # the records behind a number are scoped in ``records``.
    queryset = access.scope_statistics(measure.queryset)
    if period.subregion_id is not None:
        queryset = queryset.filter(**{measure.subregion: period.subregion_id})
    return queryset


class Labels:
    """What many indicators read once: subregion and powiat names, and the data version
    their numbers are kept under (``facts``)."""

    def __init__(self) -> None:
        self.subregions = {s.pk: s.name for s in Subregion.objects.all()}
        self.powiats = {p.pk: str(p) for p in Powiat.objects.all()}
        self.version = facts.current()
        # Grouped rows counted ahead by ``batch.prepare``, by ``kept_name``.
        self.prepared: dict[str, list[dict[str, Any]]] = {}
        self._measures: dict[tuple[str, Period], Measure] = {}
        self._sort_keys: dict[str, Any] = {}

    def sort_key(self, label: str) -> Any:
        """``polish_sort_key`` of a breakdown's name, worked out once: the same subregion and
        powiat names are sorted for every indicator."""
        found = self._sort_keys.get(label)
        if found is None:
            found = self._sort_keys[label] = polish_sort_key(label)
        return found

    def measure(self, key: str, period: Period) -> Measure:
        """What computation ``key`` counts for ``period``, built once: ``batch.prepare`` and
        ``compute`` both read it (building the querysets was a fifth of a count's time)."""
        found = self._measures.get((key, period))
        if found is None:
            found = self._measures[key, period] = REGISTRY[key](period)
        return found


def kept_name(key: str, period: Period) -> str:
    """What the number is kept under (per language, for the breakdowns' names)."""
    return f"indicator:{key}:{period.year}:{period.subregion_id}:{get_language()}"


def _grouped(measure: Measure, period: Period) -> list[dict[str, Any]]:
    dims: dict[str, Any] = {"dim_subregion": F(measure.subregion)}
    if measure.powiat:
        dims["dim_powiat"] = F(measure.powiat)
    if measure.category:
        dims["dim_category"] = F(measure.category)
    aggregates: dict[str, Expression] = {"agg_value": measure.value}
    if measure.denominator is not None:
        aggregates["agg_denominator"] = measure.denominator
    return list(scoped(measure, period).values(**dims).annotate(**aggregates).order_by())


def _numbers(
    measure: Measure, period: Period
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The grouped rows, and the total when it is not their sum."""
    rows = _grouped(measure, period)
    if measure.additive or not rows:
        return rows, None
    aggregates: dict[str, Expression] = {"agg_value": measure.value}
    if measure.denominator is not None:
        aggregates["agg_denominator"] = measure.denominator
    return rows, scoped(measure, period).aggregate(**aggregates)


def _exact(value: Any) -> int | Decimal:
    """A grouped number to be summed exactly: a count as it is (ints add natively, a tenth of
    the time of Decimals), anything else as a Decimal."""
    if value is None:
        return 0
    return value if type(value) is int else Decimal(value)


def _fold(
    rows: list[dict[str, Any]], dim: str, measure: Measure
) -> dict[Any, tuple[Decimal, Decimal]]:
    sums: dict[Any, list[int | Decimal]] = {}
    for row in rows:
        pair = sums.get(row.get(dim))
        if pair is None:
            pair = sums[row.get(dim)] = [0, 0]
        pair[0] += _exact(row["agg_value"])
        pair[1] += _exact(row.get("agg_denominator"))
    return {group: (Decimal(n), Decimal(d)) for group, (n, d) in sums.items()}


def compute(key: str, period: Period, labels: Labels | None = None) -> IndicatorValue:
    """The value of computation ``key`` for ``period``, with its breakdowns, kept until the
    data changes (``facts``; per language, for the breakdowns' names).

    Raises: KeyError for a key no computation is registered under.
    """
    if key not in REGISTRY:
        raise KeyError(key)
    labels = labels or Labels()
    return facts.kept(
        kept_name(key, period),
        labels.version,
        lambda: _compute(key, period, labels),
        facts.seconds_valid(period.end),
    )


def _compute(key: str, period: Period, labels: Labels) -> IndicatorValue:
    measure = labels.measure(key, period)
    prepared = labels.prepared.pop(kept_name(key, period), None)
    rows, totals = (prepared, None) if prepared is not None else _numbers(measure, period)

    def value_of(pair: tuple[Decimal, Decimal]) -> Decimal | int:
        if measure.denominator is not None:
            return _ratio(pair[0], pair[1], measure.decimals)
        return _number(pair[0] / measure.divisor, measure.decimals)

    base = {"indicator": key, "year": period.year}
    if period.subregion_id is not None:
        base["subregion_id"] = period.subregion_id

    def cells(dim: str, names: Mapping[Any, Any], param: str) -> list[Cell]:
        out = []
        for group, pair in _fold(rows, dim, measure).items():
            label = str(names.get(group, group)) if group is not None else _("not assigned")
            params = dict(base)
            params[param] = "none" if group is None else group
            out.append(Cell(group, label, value_of(pair), params))
        out.sort(key=lambda c: (c.key is None, labels.sort_key(c.label)))
        return out

    by_subregion = cells("dim_subregion", labels.subregions, "subregion_id")
    by_powiat = cells("dim_powiat", labels.powiats, "powiat") if measure.powiat else []
    by_category = (
        cells("dim_category", measure.category_labels or {}, "category") if measure.category else []
    )
    if totals is None:
        total = value_of(
            (
                sum((Decimal(r["agg_value"] or 0) for r in rows), Decimal(0)),
                sum((Decimal(r.get("agg_denominator") or 0) for r in rows), Decimal(0)),
            )
        )
    else:
        total = value_of(
            (Decimal(totals["agg_value"] or 0), Decimal(totals.get("agg_denominator") or 0))
        )
    return IndicatorValue(
        key=key,
        year=period.year,
        subregion_id=period.subregion_id,
        value=total,
        by_subregion=by_subregion,
        by_powiat=by_powiat,
        by_category=by_category,
        has_location=bool(measure.powiat),
        params=base,
    )


def records(
    key: str,
    period: Period,
    *,
    subregion: str | None = None,
    powiat: str | None = None,
    category: str | None = None,
) -> tuple[QuerySet[Any], str | None]:
    """The records behind a number, as the link params of :class:`Cell` name them.

    Returns the records (organisations when the computation has them) and the model's kind
    (``"organisation"`` or the record model's name).
    """
    measure = REGISTRY[key](period)
    queryset = scoped(measure, period)
    if measure.listed is not None:
        queryset = queryset.filter(measure.listed)
    for value, path in (
        (subregion, measure.subregion),
        (powiat, measure.powiat),
        (category, measure.category),
    ):
        is_id = path != measure.category
        if value not in (None, "none") and path and is_id and not str(value).isdigit():
            queryset = queryset.none()  # an id from a hand-edited link: nothing matches
            continue
        if value is not None and path:
            lookup: dict[str, Any] = {f"{path}__isnull": True} if value == "none" else {path: value}
            queryset = queryset.filter(**lookup)
    if measure.listed_through is not None:
        model, path = measure.listed_through
        queryset = model._default_manager.filter(pk__in=queryset.values(path))
    if measure.organisation_path is None:
        listed = access.scope(queryset, period.user).select_related(*measure.related)
        return listed, queryset.model._meta.model_name
    if measure.organisation_path == "":
        organisations: QuerySet[Any] = queryset
    else:
        from contacts.models import Organisation

        ids = queryset.values(measure.organisation_path)
        organisations = Organisation.objects.filter(pk__in=ids)
    organisations = access.scope(organisations, period.user).select_related(
        "gmina", "gmina__powiat", "gmina__subregion"
    )
    return organisations.order_by("name", "pk"), "organisation"
