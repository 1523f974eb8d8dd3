"""``StartOfLocalDay("joined_on")``: a date as the moment its day starts in Europe/Warsaw.

Lists that merge facts with a time (a contact) and facts of a day only (a join, a grant) sort
the day-only ones at the start of their day, local time (``contacts.timeline.start_of``). In
SQL that is the date read as a local midnight and turned into an instant: PostgreSQL says so
with ``AT TIME ZONE``; SQLite knows no time zones, so every connection learns a function that
does it in Python (``register_sqlite``, from ``crm.apps``) and answers the text Django stores
an aware datetime as (UTC, ``YYYY-MM-DD HH:MM:SS``), which sorts among the stored ones.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import DateTimeField, Func

SQLITE_FUNCTION = "siec_start_of_local_day"


class StartOfLocalDay(Func):
    output_field = DateTimeField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        # The zone is a setting, never user input; a parameter would do as well but makes the
        # expression differ from the index one might build on it.
        zone = str(settings.TIME_ZONE).replace("'", "")
        return f"(({sql})::timestamp AT TIME ZONE '{zone}')", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)


def _start_of_local_day(day: str | None) -> str | None:
    if day is None:
        return None
    start = datetime.datetime.combine(
        datetime.date.fromisoformat(day[:10]), datetime.time.min, ZoneInfo(settings.TIME_ZONE)
    )
    return start.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def register_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: teach a SQLite connection ``StartOfLocalDay``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, _start_of_local_day, deterministic=True
        )
