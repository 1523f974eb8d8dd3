"""The yearly monitoring report: its numbers, its workbook and its charts."""

from crm.top.monitoring.report.build import (
    Chapter,
    IndicatorRow,
    Report,
    build_report,
    indicator_rows,
    refresh_numbers,
)
from crm.top.monitoring.report.xlsx import report_workbook

__all__ = [
    "Chapter",
    "IndicatorRow",
    "Report",
    "build_report",
    "indicator_rows",
    "refresh_numbers",
    "report_workbook",
]
