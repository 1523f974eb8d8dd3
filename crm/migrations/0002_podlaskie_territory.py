"""The podlaskie territory the project ships: 17 powiats, 118 gminas (2024) plus Grabówka."""

from django.db import migrations


def load(apps, schema_editor):
    from crm.territory.loading import load_shipped

    load_shipped(
        subregion_model=apps.get_model("crm", "Subregion"),
        powiat_model=apps.get_model("crm", "Powiat"),
        gmina_model=apps.get_model("crm", "Gmina"),
    )


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
