"""The years the monitoring reports on: one rule for its pages and its API."""

from __future__ import annotations

from django.utils import timezone

# The monitoring follows the regional programme from its first period (EU funds 2014–2020,
# whose support of the social economy through the OWES and the cooperation networks ran from
# 2015). What the indicators count (memberships, partnerships, PS statuses, employment,
# support) is recorded from then on: an earlier year could only show zeros, so the pages do
# not offer one and the API refuses it.
FIRST_YEAR = 2015


def default_year() -> int:
    """The last full year: the one the yearly report is written about."""
    return timezone.localdate().year - 1
