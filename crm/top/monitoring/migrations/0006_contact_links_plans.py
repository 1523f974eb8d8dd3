"""The contact-log copy's trigger functions plan without sequential scans (see
``contact_links.PLAN``): with the statistics of an emptied table every link written read the
whole copy."""

from typing import Any

from django.db import migrations

from crm.top.monitoring import contact_links


def forwards(apps: Any, schema_editor: Any) -> None:
    contact_links.functions(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_contact_links")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
