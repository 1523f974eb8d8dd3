"""Operated units (WTZ, ZAZ, CIS, KIS) carry their operator's NIP; one operator runs one unit
of a kind under a name in a gmina.

Before the unit constraint is created, existing duplicates are named, so the migration stops
with what to merge instead of an anonymous IntegrityError; nothing is changed for anyone.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Value
from django.db.models.functions import Coalesce


def refuse_duplicate_units(apps, schema_editor):
    Organisation = apps.get_model("contacts", "Organisation")
    duplicates = list(
        Organisation.objects.filter(operator__isnull=False)
        .values("operator", "kind", "search_name", place=Coalesce("gmina", Value(0)))
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)[:20]
    )
    if duplicates:
        raise RuntimeError(
            "Units run by one operator with one kind, name and gmina; merge them first "
            f"(admin or 'Scal duplikat'): {duplicates}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0009_invalids_and_blind_cooperatives'),
        ('crm', '0002_podlaskie_territory'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='organisation',
            name='organisation_nip_unique',
        ),
        migrations.AlterField(
            model_name='historicalorganisation',
            name='operator',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="For a WTZ, ZAZ, CIS or KIS (required): the organisation that runs the unit. A unit without a NIP of its own carries its operator's.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contacts.organisation', verbose_name='operator'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='operator',
            field=models.ForeignKey(blank=True, help_text="For a WTZ, ZAZ, CIS or KIS (required): the organisation that runs the unit. A unit without a NIP of its own carries its operator's.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='operated_units', to='contacts.organisation', verbose_name='operator'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('nip__isnull', False), ('operator__isnull', True)), fields=('nip',), name='organisation_nip_unique', violation_error_code='nip_taken', violation_error_message='An organisation with this NIP already exists.'),
        ),
        migrations.RunPython(refuse_duplicate_units, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(models.F('operator'), models.F('kind'), models.F('search_name'), django.db.models.functions.comparison.Coalesce(models.F('gmina'), models.Value(0)), condition=models.Q(('operator__isnull', False)), name='organisation_unit_unique', violation_error_code='name_taken', violation_error_message='Its operator already runs a unit of this kind with this name in this gmina.'),
        ),
    ]
