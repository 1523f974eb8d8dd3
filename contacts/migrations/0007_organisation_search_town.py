"""A folded town for ``?search=``: "bialystok" finds "Białystok", as the name search does.

The column is filled for existing rows here (bulk writers fill it themselves from now on). On
PostgreSQL a trigram GIN index answers ``search_town LIKE '%x%'``; it replaces the one on
``UPPER(town)`` that the search no longer uses. SQLite gets the plain index only.
"""

from django.db import migrations, models

from crm.text import fold

TOWN_TRGM = (
    "CREATE INDEX IF NOT EXISTS contacts_organisation_search_town_trgm "
    "ON contacts_organisation USING gin (search_town gin_trgm_ops)"
)
UPPER_TOWN_TRGM = (
    "CREATE INDEX IF NOT EXISTS contacts_organisation_town_upper_trgm "
    'ON contacts_organisation USING gin ((UPPER("town"::text)) gin_trgm_ops)'
)


def fill(apps, schema_editor):
    Organisation = apps.get_model("contacts", "Organisation")
    rows = Organisation.objects.exclude(town="").only("pk", "town").order_by("pk")
    batch = []
    for organisation in rows.iterator(chunk_size=2000):
        organisation.search_town = fold(organisation.town)[:100]
        batch.append(organisation)
        if len(batch) >= 2000:
            Organisation.objects.bulk_update(batch, ["search_town"])
            batch = []
    if batch:
        Organisation.objects.bulk_update(batch, ["search_town"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(TOWN_TRGM)
    schema_editor.execute("DROP INDEX IF EXISTS contacts_organisation_town_upper_trgm")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS contacts_organisation_search_town_trgm")
    schema_editor.execute(UPPER_TOWN_TRGM)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_savedview"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_town",
            field=models.CharField(
                db_default="", db_index=True, default="", editable=False, max_length=100
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
