"""The social enterprises of each year with their employment (``EnterpriseYear``), kept by the
database.

Counting the jobs of a year from the records asks, for every enterprise, for its latest
employment record on or before the year end six times (three figures, two year ends), and
which organisations held status PS then: 300–450 ms per year at ten years of data, on every
first view after a write. ``monitoring_enterpriseyear`` holds one row per organisation and
year end at which it holds status PS (statutory, or legacy until it expired), with its
employment at that year end and at the one before; the indicators read one year's rows.

An organisation's rows depend on its statuses and employment records, so triggers on those
two tables count the rows of the organisations a statement touched again, in that statement —
on PostgreSQL once per statement over its transition tables (an import writes thousands of
records in a few statements), on SQLite per row; a merge re-points the records and an erasure
deletes them, so both are covered. The rows also copy five columns of the organisation itself
(kind, gmina, founding, closing and recording dates: whether it is active, where it is, its
kind), so a year is read without joining the 100,000 organisations; a row trigger on the
organisation copies them again only when one of them changes (a new organisation has no rows).

The years: from the year of the first grant to one past the last year in which anything of the
organisation changes (a grant, a loss, an employment record, the legacy expiry). The row of that
last year is marked ``onwards``: every later year end looks the same (nothing changes after it),
so it stands for them all, and no row ever needs to be added because the calendar moved on.

``manage.py monitoring_enterprise_years --check`` compares the table with a count from the
records; ``--rebuild`` counts it again.
"""

# The SQL is built from this module's constants only: nothing from outside reaches it.
# ruff: noqa: S608

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection

FACTS = "monitoring_enterpriseyear"
STATUSES = "contacts_socialenterprisestatus"
EMPLOYMENT = "contacts_employmentsnapshot"
COLUMNS = (
    "organisation_id, year, onwards, statutory, jobs_now, risk_now, fte_now, "
    "jobs_before, risk_before, fte_before, kind, gmina_id, founded_on, closed_on, created_at"
)
ORGANISATIONS = "contacts_organisation"
# What the table copies of the organisation itself.
OWN = ("kind", "gmina_id", "founded_on", "closed_on", "created_at")
LEGACY_EXPIRY_YEAR = 2023  # SocialEnterpriseStatus.LEGACY_EXPIRY

_DIALECT = {
    "postgresql": {
        "year": "EXTRACT(YEAR FROM {})::int",
        "end": "make_date({}, 12, 31)",
        "greatest": "GREATEST",
        "expiry": f"DATE '{LEGACY_EXPIRY_YEAR}-12-31'",
    },
    "sqlite": {
        "year": "CAST(strftime('%Y', {}) AS INTEGER)",
        "end": "printf('%04d-12-31', {})",
        "greatest": "max",
        "expiry": f"'{LEGACY_EXPIRY_YEAR}-12-31'",
    },
}


def rows(vendor: str, ids: str) -> str:
    """The rows of the organisations ``ids`` (an SQL list of organisation ids) as the records
    say now."""
    d = _DIALECT[vendor]

    def year(x: str) -> str:
        return str(d["year"]).format(x)

    def end(y: str) -> str:
        return str(d["end"]).format(y)

    greatest = d["greatest"]

    def latest(column: str, y: str, stated: str = "") -> str:
        return (
            f"COALESCE((SELECT e.{column} FROM {EMPLOYMENT} e WHERE e.organisation_id = sp.org "
            f"AND e.as_of <= {end(y)}{stated} ORDER BY e.as_of DESC LIMIT 1), 0)"
        )

    def held(y: str, *, statutory: bool) -> str:
        kind = (
            "s.kind = 'statutory'"
            if statutory
            else f"(s.kind = 'statutory' OR {end(y)} <= {d['expiry']})"
        )
        return (
            f"EXISTS (SELECT 1 FROM {STATUSES} s WHERE s.organisation_id = sp.org "
            f"AND s.granted_on <= {end(y)} AND (s.lost_on IS NULL OR s.lost_on > {end(y)}) "
            f"AND {kind})"
        )

    changes = (
        f"{greatest}({year('s.granted_on')}, COALESCE({year('s.lost_on')}, 0), "
        f"CASE WHEN s.kind = 'statutory' THEN 0 ELSE {LEGACY_EXPIRY_YEAR} END)"
    )
    last_record = (
        f"COALESCE((SELECT MAX({year('e.as_of')}) FROM {EMPLOYMENT} e "
        "WHERE e.organisation_id = s.organisation_id), 0)"
    )
    bounds = (
        f"SELECT s.organisation_id AS org, MIN({year('s.granted_on')}) AS first, "
        f"1 + {greatest}(MAX({changes}), {last_record}) AS last "
        f"FROM {STATUSES} s WHERE s.organisation_id IN ({ids}) GROUP BY s.organisation_id"
    )
    span = (
        f"WITH RECURSIVE span(org, y, last) AS (SELECT org, first, last FROM ({bounds}) b "
        "UNION ALL SELECT org, y + 1, last FROM span WHERE y < last) SELECT org, y, last FROM span"
    )
    fte = " AND e.fte IS NOT NULL"
    return (
        f"SELECT sp.org, sp.y, sp.y = sp.last, {held('sp.y', statutory=True)}, "
        f"{latest('employees', 'sp.y')}, {latest('employees_at_risk', 'sp.y')}, "
        f"{latest('fte', 'sp.y', fte)}, {latest('employees', 'sp.y - 1')}, "
        f"{latest('employees_at_risk', 'sp.y - 1')}, {latest('fte', 'sp.y - 1', fte)}, "
        f"{', '.join(f'o.{c}' for c in OWN)} "
        f"FROM ({span}) sp JOIN {ORGANISATIONS} o ON o.id = sp.org "
        f"WHERE {held('sp.y', statutory=False)}"
    )


def refresh(vendor: str, ids: str) -> str:
    """The statements that count the rows of the organisations ``ids`` again."""
    return (
        f"DELETE FROM {FACTS} WHERE organisation_id IN ({ids});"
        f"INSERT INTO {FACTS} ({COLUMNS}) {rows(vendor, ids)};"
    )


EVERY = f"SELECT organisation_id FROM {STATUSES}"

# PostgreSQL: (name, event, transition tables, the organisations touched).
_STATEMENT = [
    ("inserted", "INSERT", "NEW TABLE AS new_rows", "SELECT organisation_id FROM new_rows"),
    ("deleted", "DELETE", "OLD TABLE AS old_rows", "SELECT organisation_id FROM old_rows"),
    (
        "updated",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT organisation_id FROM old_rows UNION SELECT organisation_id FROM new_rows",
    ),
]
# SQLite: (name, event, the organisation(s) of the row).
_ROW = [
    ("inserted", "INSERT", "SELECT NEW.organisation_id"),
    ("deleted", "DELETE", "SELECT OLD.organisation_id"),
    ("updated", "UPDATE", "SELECT OLD.organisation_id UNION SELECT NEW.organisation_id"),
]
TABLES = (STATUSES, EMPLOYMENT)

# As for the contact log's copy (``contact_links.PLAN``): PL/pgSQL keeps each statement's plan
# for the session, made with the statistics of the moment; on tables emptied (a new
# installation, the benchmark) it would read whole tables once per statement written.
PLAN = "SET enable_seqscan = off"


# An organisation's own columns changed (an edit, closing, an import's update): copied to its
# rows. A row trigger limited to those columns and to real changes, so an import that adds or
# rewrites organisations without changing them pays nothing (a new organisation has no rows).
_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in OWN)
_COPY = (
    f"UPDATE {FACTS} SET {', '.join(f'{c} = NEW.{c}' for c in OWN)} WHERE organisation_id = NEW.id;"
)


def _changed(vendor: str) -> str:
    return _CHANGED if vendor == "sqlite" else _CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")


def _name(name: str) -> str:
    return f"monitoring_enterpriseyear_{name}"


def _table_short(table: str) -> str:
    return "status" if table == STATUSES else "employment"


def install(schema_editor: Any) -> None:
    """The triggers, and the rows of the records as they are now (migration 0008)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, _event, _tables, ids in _STATEMENT:
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {_name(name)}() RETURNS trigger LANGUAGE plpgsql "
                f"{PLAN} AS $$ BEGIN {refresh(vendor, ids)} RETURN NULL; END $$"
            )
        # TRUNCATE fires no row trigger and has no transition table: count everything again.
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_name('emptied')}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN DELETE FROM {FACTS}; INSERT INTO {FACTS} ({COLUMNS}) "
            f"{rows(vendor, EVERY)}; RETURN NULL; END $$"
        )
        for table in TABLES:
            for name, event, tables, _ids in _STATEMENT:
                schema_editor.execute(
                    f"CREATE OR REPLACE TRIGGER {_name(name)}_{_table_short(table)} AFTER {event} "
                    f"ON {table} REFERENCING {tables} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {_name(name)}()"
                )
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {_name('emptied')}_{_table_short(table)} AFTER "
                f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {_name('emptied')}()"
            )
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_name('organisation')}() RETURNS trigger "
            f"LANGUAGE plpgsql {PLAN} AS $$ BEGIN {_COPY} RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {_name('organisation')} AFTER UPDATE OF {', '.join(OWN)} "
            f"ON {ORGANISATIONS} FOR EACH ROW WHEN ({_changed(vendor)}) "
            f"EXECUTE FUNCTION {_name('organisation')}()"
        )
    else:
        schema_editor.execute(
            f"CREATE TRIGGER {_name('organisation')} AFTER UPDATE OF {', '.join(OWN)} "
            f"ON {ORGANISATIONS} FOR EACH ROW WHEN {_changed(vendor)} BEGIN {_COPY} END"
        )
        for table in TABLES:
            for name, event, ids in _ROW:
                schema_editor.execute(
                    f"CREATE TRIGGER {_name(name)}_{_table_short(table)} AFTER {event} ON {table} "
                    f"FOR EACH ROW BEGIN {refresh(vendor, ids)} END"
                )
    schema_editor.execute(f"DELETE FROM {FACTS}")
    schema_editor.execute(f"INSERT INTO {FACTS} ({COLUMNS}) {rows(vendor, EVERY)}")


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for name in ("inserted", "deleted", "updated", "emptied"):
            trigger = f"{_name(name)}_{_table_short(table)}"
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name('organisation')} ON {ORGANISATIONS}")
        for name in ("inserted", "deleted", "updated", "emptied", "organisation"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {_name(name)}()")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name('organisation')}")


def counted() -> set[tuple[Any, ...]]:
    """The rows as the records say now (what the table should hold)."""
    with connection.cursor() as cursor:
        cursor.execute(rows(connection.vendor, EVERY))
        return {_normal(row) for row in cursor.fetchall()}


def kept() -> set[tuple[Any, ...]]:
    """The rows the table holds."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM {FACTS}")
        return {_normal(row) for row in cursor.fetchall()}


def _normal(row: tuple[Any, ...]) -> tuple[Any, ...]:
    org, year, onwards, statutory, *figures = row[:10]
    own = tuple(str(value) if value is not None else None for value in row[10:])
    return (org, year, bool(onwards), bool(statutory), *(Decimal(str(f)) for f in figures), *own)


def rebuild() -> None:
    """Count the whole table again (in one transaction)."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACTS}")
        cursor.execute(f"INSERT INTO {FACTS} ({COLUMNS}) {rows(connection.vendor, EVERY)}")
