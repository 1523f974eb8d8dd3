"""A trigram index for searching events by title on PostgreSQL; nothing on SQLite.

``interactions.filters.event_search`` asks for every word in the folded title
(``crm.text.fold_expression``); a ``LIKE '%word%'`` uses a GIN trigram index only on the very
same expression, spelled out here (``tests/perf/test_search_plans.py`` checks that it is used).
Outside the model state, as contacts 0004.
"""

from django.db import migrations

# A frozen copy of crm.text._POLISH_FOLDS: what the index was built with.
FOLDS = "ąa ćc ęe łl ńn óo śs źz żz"
NAME = "event_title_folded_trgm"


def folded(column: str) -> str:
    sql = f'"{column}"'
    for pair in FOLDS.split():
        letter, plain = pair[0], pair[1]
        sql = f"REPLACE(REPLACE({sql}, '{letter}', '{plain}'), '{letter.upper()}', '{plain}')"
    return f"LOWER({sql})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON interactions_event "
        f"USING gin (({folded('title')}) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("interactions", "0008_event_tags_interaction_tags")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
