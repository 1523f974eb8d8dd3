"""Indicators computed from the data: the registry and every registered computation."""

from crm.top.monitoring.indicators import (
    batch,
    governance,
    jobs,
    networks,
    organisations,
    support,
)
from crm.top.monitoring.indicators.base import (
    REGISTRY,
    Cell,
    IndicatorValue,
    Labels,
    Measure,
    Period,
    compute,
    indicator,
    records,
)

__all__ = [
    "REGISTRY",
    "Cell",
    "IndicatorValue",
    "Labels",
    "Measure",
    "Period",
    "batch",
    "compute",
    "governance",
    "indicator",
    "jobs",
    "networks",
    "organisations",
    "records",
    "support",
]
