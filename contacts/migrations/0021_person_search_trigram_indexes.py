"""Trigram indexes for searching people on PostgreSQL; nothing on SQLite (search works, slower).

``contacts.filters.person_search`` asks for every word in the folded first or last name
(``crm.text.fold_expression``: Polish letters replaced, lower case) or the query in the e-mail
(``icontains``: ``UPPER(email::text) LIKE``). A ``LIKE '%word%'`` can use a GIN trigram index
only on the very same expression, so the indexes spell it out; ``tests/perf/test_search_plans.py``
fails if the query and the index ever part. As in 0004, the indexes live outside the model state
(a PostgreSQL-only speed-up) and ``makemigrations`` stays quiet.
"""

from django.db import migrations

# A frozen copy of crm.text._POLISH_FOLDS: what the index was built with.
FOLDS = "ąa ćc ęe łl ńn óo śs źz żz"


def folded(column: str) -> str:
    sql = f'"{column}"'
    for pair in FOLDS.split():
        letter, plain = pair[0], pair[1]
        sql = f"REPLACE(REPLACE({sql}, '{letter}', '{plain}'), '{letter.upper()}', '{plain}')"
    return f"LOWER({sql})"


INDEXES = {
    "person_last_name_folded_trgm": folded("last_name"),
    "person_first_name_folded_trgm": folded("first_name"),
    "person_email_upper_trgm": 'UPPER("email"::text)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON contacts_person "
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0020_art14_notices")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
