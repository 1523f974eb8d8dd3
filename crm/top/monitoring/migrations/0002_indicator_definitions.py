"""Ships the programme's indicator set; running it again changes nothing a manager edited."""

from django.db import migrations


def load(apps, schema_editor):
    from crm.top.monitoring.definitions import DEFINITIONS

    definition_model = apps.get_model("monitoring", "IndicatorDefinition")
    for position, (code, chapter, unit, name_pl, name_en, description, key) in enumerate(
        DEFINITIONS, start=1
    ):
        definition_model.objects.get_or_create(
            code=code,
            defaults={
                "chapter": chapter,
                "unit": unit,
                "name_pl": name_pl,
                "name_en": name_en,
                "description": description,
                "is_key_result": key,
                "query": code,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
