"""The retention rules as people read them: what goes, after how long, and why (the page and
``apply_retention`` print these; ``services.py`` applies them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Rule:
    name: str
    title: Any  # a short name for the report (lazy text)
    what: Any  # what goes (lazy text)
    setting: str  # the setting holding the period
    unit: str  # "years", "months" or "days"
    basis: Any  # the legal basis (lazy text)

    @property
    def period(self) -> int:
        return int(getattr(settings, self.setting))

    def period_text(self) -> str:
        n = self.period
        if self.unit == "years":
            return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}
        if self.unit == "months":
            return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


STORAGE_LIMITATION = _("art. 5(1)(e) GDPR (storage limitation)")

RULES = (
    Rule(
        "people",
        _("People (anonymised)"),
        _(
            "People with no current affiliation and no affiliation, contact or event within "
            "the period are anonymised (legal holds apply; restricted people are kept)"
        ),
        "RETENTION_PEOPLE_YEARS",
        "years",
        _(
            "art. 5(1)(e) GDPR; the period covers the programme's audit trail (art. 82 of "
            "Regulation (EU) 2021/1060: five years from 31 December of the year of the last "
            "payment), which the attendance hold also protects"
        ),
    ),
    Rule(
        "import_files",
        _("Uploaded import files"),
        _("A partner's uploaded file is deleted (the batch cannot be analysed again)"),
        "RETENTION_IMPORT_FILE_DAYS",
        "days",
        _(
            "art. 5(1)(c) and (e) GDPR: the file is needed only while the import is prepared; "
            "what it brought in is in the database"
        ),
    ),
    Rule(
        "import_rows",
        _("Staged import rows"),
        _("The staged rows of a finished import (applied, reverted or failed) are deleted"),
        "RETENTION_IMPORT_ROWS_MONTHS",
        "months",
        _(
            "art. 5(1)(e) GDPR: the rows serve the report of rows not imported; the batch, "
            "its counts and what it wrote stay (the revert still works)"
        ),
    ),
    Rule(
        "action_log_details",
        _("Action-log details"),
        _("The details of action-log entries are cleared (who, what and when stay)"),
        "RETENTION_ACTION_LOG_YEARS",
        "years",
        _(
            "art. 5(2) GDPR (accountability) and art. 82 of Regulation (EU) 2021/1060: the "
            "current year and the five before"
        ),
    ),
    Rule(
        "access_log",
        _("Access log"),
        _("Records of who saw whose personal data are deleted"),
        "RETENTION_ACCESS_LOG_YEARS",
        "years",
        _(
            "art. 5(1)(e) and art. 32 GDPR: long enough to investigate a misuse; the log is "
            "also personal data of the staff"
        ),
    ),
    Rule(
        "export_files",
        _("Export files"),
        _("The files of finished list exports are deleted"),
        "RETENTION_EXPORT_FILE_DAYS",
        "days",
        _("art. 5(1)(e) GDPR: a copy for downloading, not a record"),
    ),
)

SKIPPED = {
    "legal_hold": _("kept: a legal hold applies"),
    "restricted": _("kept: processing restricted (art. 18)"),
    "next_run": _("left for the next nights (at most RETENTION_PEOPLE_PER_RUN a night)"),
    "in_progress": _("kept: being analysed now"),
    "failed": _("failed (see the worker's log)"),
}
