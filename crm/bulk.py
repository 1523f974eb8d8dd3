"""What the bulk actions of every app share: the outcome they report and long statements.

A bulk action (a thousand organisations into a network, onto an event, under a tag) writes
with a handful of statements whatever the count: which rows may be changed, which are there
already, one INSERT of the new rows, one of their history and one of the log entries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

# SQLite 3.32+ takes 32,766 parameters a statement; Django assumes the old 999.
SQLITE_PARAMETERS = 32_766


@dataclass
class BulkOutcome:
    """What a bulk action did, by record id: added, there already, refused (and why)."""

    added: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


@contextmanager
def long_statements() -> Iterator[None]:
    """Let ``bulk_create`` on SQLite send thousands of rows a statement, as on PostgreSQL
    (otherwise a 13-column row goes 76 at a time: 14 INSERTs for a thousand memberships)."""
    features = connection.features
    if connection.vendor != "sqlite" or sqlite3.sqlite_version_info < (3, 32):
        yield
        return
    before = features.max_query_params
    features.max_query_params = SQLITE_PARAMETERS
    try:
        yield
    finally:
        features.max_query_params = before
