"""When a record with a founding and a closing date (an organisation, a network) is counted.

One rule for every stock and flow, so that the stock at the end of a year is the stock at the
end of the year before, plus what was founded, minus what was closed in the year:

- a record counts from its founding date or, when that is unknown, from the local date it was
  first recorded (``created_at``) — never earlier: an organisation entered today without a
  founding date is not in last year's numbers;
- it stops counting on its closing date: closed on 31 December means not active at year end.
"""

from __future__ import annotations

import datetime

from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThan, LessThan, LessThanOrEqual, Range


def counted_from(prefix: str = "") -> Coalesce:
    """The first day the record counts: founded on, else the local date it was recorded."""
    return Coalesce(
        F(f"{prefix}founded_on"), TruncDate(f"{prefix}created_at"), output_field=DateField()
    )


def open_on(day: datetime.date, prefix: str = "") -> Q:
    """Not closed on or before ``day`` (whenever it began)."""
    return Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """Counted on ``day``: begun on or before it and not closed on or before it."""
    return Q(LessThanOrEqual(counted_from(prefix), day)) & open_on(day, prefix)


def begun_between(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Began to count in ``start``–``end`` and was not closed on that same first day."""
    begins = counted_from(prefix)
    return Q(Range(begins, (start, end))) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(GreaterThan(F(f"{prefix}closed_on"), begins))
    )


def closed_between(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Closed in ``start``–``end`` after it had begun to count (a record closed before it was
    ever counted leaves nothing to subtract)."""
    return Q(**{f"{prefix}closed_on__range": (start, end)}) & Q(
        LessThan(counted_from(prefix), F(f"{prefix}closed_on"))
    )
