"""The yearly monitoring report: its numbers, its workbook and its charts."""

from crm.top.monitoring.report.build import (
    Chapter,
    Counted,
    IndicatorRow,
    Report,
    build_report,
    indicator_rows,
)
from crm.top.monitoring.report.shown import refresh_numbers, shown_report
from crm.top.monitoring.report.xlsx import report_workbook

__all__ = [
    "Chapter",
    "Counted",
    "IndicatorRow",
    "Report",
    "build_report",
    "indicator_rows",
    "refresh_numbers",
    "report_workbook",
    "shown_report",
]
