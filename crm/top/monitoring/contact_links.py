"""The contact log as the support indicators read it (``ContactLink``), kept by the database.

Counting a year of contacts from the log itself joins every contact of the year to the
1.2-million-row link table and asks per link whether a lower organisation id exists (a contact
counts once, at its organisation with the lowest id): seconds at ten years of data, on every
first view after a write. ``monitoring_contactlink`` holds one row per link with what the
indicators read of its contact (when, kind, duration) and whether it is the contact's first
link, so a year is one range of an index.

Triggers write it in the statement that writes the log — a link added, removed or re-pointed
(an organisation merge), a contact's time, kind or duration changed, a contact deleted — on
PostgreSQL and SQLite alike, so it never lags behind: no task, no window in which a number is
stale, and bulk SQL (an import) is covered as the services are. ``tests/monitoring/
test_contact_links.py`` holds it equal to the log, row for row, on both databases.
"""

# The SQL is built from this module's constants only: nothing from outside reaches it.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

FACTS = "monitoring_contactlink"
LINKS = "interactions_interaction_organisations"
CONTACTS = "interactions_interaction"
COLUMNS = "link_id, interaction_id, organisation_id, occurred_at, kind, duration_minutes, is_first"


def _add(row: str) -> str:
    return (
        f"INSERT INTO {FACTS} ({COLUMNS}) SELECT {row}.id, {row}.interaction_id, "
        f"{row}.organisation_id, i.occurred_at, i.kind, i.duration_minutes, FALSE "
        f"FROM {CONTACTS} i WHERE i.id = {row}.interaction_id;"
    )


def _drop(row: str) -> str:
    return f"DELETE FROM {FACTS} WHERE link_id = {row}.id;"


def _first(interaction: str) -> str:
    # Only the contact's own rows (the interaction_id index): the lowest organisation is first.
    return (
        f"UPDATE {FACTS} SET is_first = (organisation_id = (SELECT min(f.organisation_id) "
        f"FROM {FACTS} f WHERE f.interaction_id = {interaction})) "
        f"WHERE interaction_id = {interaction};"
    )


def _copy(row: str) -> str:
    return (
        f"UPDATE {FACTS} SET occurred_at = {row}.occurred_at, kind = {row}.kind, "
        f"duration_minutes = {row}.duration_minutes WHERE interaction_id = {row}.id;"
    )


# (name, event, table, body): row-level AFTER triggers, the same statements on both databases
# (PostgreSQL replaces ``link_added`` by ``ADDED`` below).
TRIGGERS = [
    ("link_added", "INSERT", LINKS, _add("NEW") + _first("NEW.interaction_id")),
    ("link_removed", "DELETE", LINKS, _drop("OLD") + _first("OLD.interaction_id")),
    (
        "link_changed",
        "UPDATE",
        LINKS,
        _drop("OLD") + _add("NEW") + _first("OLD.interaction_id") + _first("NEW.interaction_id"),
    ),
    ("contact_changed", "UPDATE OF occurred_at, kind, duration_minutes", CONTACTS, _copy("NEW")),
    ("contact_removed", "DELETE", CONTACTS, f"DELETE FROM {FACTS} WHERE interaction_id = OLD.id;"),
]

BACKFILL = (
    f"INSERT INTO {FACTS} ({COLUMNS}) SELECT l.id, l.interaction_id, l.organisation_id, "
    "i.occurred_at, i.kind, i.duration_minutes, "
    "l.organisation_id = min(l.organisation_id) OVER (PARTITION BY l.interaction_id) "
    f"FROM {LINKS} l JOIN {CONTACTS} i ON i.id = l.interaction_id"
)


# PostgreSQL adds links by statement-level trigger over the statement's new rows (a transition
# table): an import adds 100,000 links in a few statements, and the row trigger's two statements
# per link cost PostgreSQL about 10 s of CPU there. First the contacts' rows already in the copy
# stop being first where a new link has a lower organisation (a contact's lowest organisation
# only goes down as links are added), then the new rows go in, first when lowest of all.
ADDED = "links_added"
_ADDED_BODY = (
    f"UPDATE {FACTS} f SET is_first = FALSE FROM (SELECT interaction_id, "
    "min(organisation_id) AS lowest FROM added GROUP BY interaction_id) m "
    "WHERE f.interaction_id = m.interaction_id AND f.is_first AND f.organisation_id > m.lowest;"
    f"INSERT INTO {FACTS} ({COLUMNS}) SELECT a.id, a.interaction_id, a.organisation_id, "
    "i.occurred_at, i.kind, i.duration_minutes, a.organisation_id = LEAST("
    "min(a.organisation_id) OVER (PARTITION BY a.interaction_id), "
    f"(SELECT min(f.organisation_id) FROM {FACTS} f WHERE f.interaction_id = a.interaction_id)) "
    f"FROM added a JOIN {CONTACTS} i ON i.id = a.interaction_id;"
)


def _name(name: str) -> str:
    return f"monitoring_contactlink_{name}"


# Each row trigger finds the contact's other rows by ``interaction_id``. PL/pgSQL keeps the
# plan of each statement for the session, made with the statistics of the moment: after the
# tables were emptied (a new installation, the benchmark) they say "empty", the kept plan reads
# the whole copy for every link written, and a first import of 100,000 rows went from about
# 70 s to about 700 s of PostgreSQL CPU. Without sequential scans the index is always taken.
PLAN = "SET enable_seqscan = off"


def functions(schema_editor: Any) -> None:
    """The triggers' functions (PostgreSQL): created by 0005, given ``PLAN`` by 0006."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _event, _table, body in TRIGGERS:
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_name(name)}() RETURNS trigger LANGUAGE plpgsql "
            f"{PLAN} AS $$ BEGIN {body} RETURN NULL; END $$"
        )


def install(schema_editor: Any) -> None:
    """The triggers, and the rows of the log as it is now (run by migration 0005)."""
    vendor = schema_editor.connection.vendor
    functions(schema_editor)
    for name, event, table, body in TRIGGERS:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {_name(name)} AFTER {event} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {_name(name)}()"
            )
        else:
            schema_editor.execute(
                f"CREATE TRIGGER {_name(name)} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {body} END"
            )
    if vendor == "postgresql":
        # TRUNCATE fires no row trigger: emptying the log empties its copy.
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_name('emptied')}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN DELETE FROM {FACTS}; RETURN NULL; END $$"
        )
        for table in (LINKS, CONTACTS):
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {_name('emptied')} AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_name('emptied')}()"
            )
    schema_editor.execute(f"DELETE FROM {FACTS}")
    schema_editor.execute(BACKFILL)


def added_by_statement(schema_editor: Any) -> None:
    """On PostgreSQL, links added are copied once per statement, not once per row (0007)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {_name(ADDED)}() RETURNS trigger LANGUAGE plpgsql "
        f"{PLAN} AS $$ BEGIN {_ADDED_BODY} RETURN NULL; END $$"
    )
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name('link_added')} ON {LINKS}")
    schema_editor.execute(
        f"CREATE OR REPLACE TRIGGER {_name(ADDED)} AFTER INSERT ON {LINKS} "
        f"REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {_name(ADDED)}()"
    )


def added_by_row(schema_editor: Any) -> None:
    """The row-level trigger again (0007 reversed)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(ADDED)} ON {LINKS}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {_name(ADDED)}()")
    schema_editor.execute(
        f"CREATE OR REPLACE TRIGGER {_name('link_added')} AFTER INSERT ON {LINKS} "
        f"FOR EACH ROW EXECUTE FUNCTION {_name('link_added')}()"
    )


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for name, _event, table, _body in TRIGGERS:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(name)} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {_name(name)}()")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(name)}")
    if vendor == "postgresql":
        for table in (LINKS, CONTACTS):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name('emptied')} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_name('emptied')}()")
