"""Trigram indexes for ``?search=`` on PostgreSQL; nothing on SQLite (search works, slower).

``search_name LIKE '%word%'`` and ``UPPER(town) LIKE UPPER('%x%')`` (what ``icontains``
becomes) can only use a GIN trigram index on the very same expression. The indexes live outside
the model state (they are a PostgreSQL-only speed-up), so ``makemigrations`` stays quiet.
"""

from django.db import migrations

INDEXES = [
    (
        "contacts_organisation_search_name_trgm",
        'CREATE INDEX IF NOT EXISTS contacts_organisation_search_name_trgm '
        'ON contacts_organisation USING gin (search_name gin_trgm_ops)',
    ),
    (
        "contacts_organisation_town_upper_trgm",
        'CREATE INDEX IF NOT EXISTS contacts_organisation_town_upper_trgm '
        'ON contacts_organisation USING gin ((UPPER("town"::text)) gin_trgm_ops)',
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for _name, sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_identifier_messages")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
