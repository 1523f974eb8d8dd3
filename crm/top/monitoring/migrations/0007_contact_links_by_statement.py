"""On PostgreSQL the links added to the contact log reach its copy once per statement (a
transition table), not once per row: see ``contact_links.ADDED``."""

from typing import Any

from django.db import migrations

from crm.top.monitoring import contact_links


def forwards(apps: Any, schema_editor: Any) -> None:
    contact_links.added_by_statement(schema_editor)


def backwards(apps: Any, schema_editor: Any) -> None:
    contact_links.added_by_row(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_contact_links_plans")]

    operations = [migrations.RunPython(forwards, backwards)]
