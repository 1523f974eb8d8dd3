"""OWES accreditations replace the list of subregions an OWES serves.

Each organisation's list becomes one accreditation record with those subregions, its decision
and dates unknown (left empty, said in its notes: nothing is invented); a person adds the
decision later. Going back, each organisation serves the union of its accreditations.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = (
    "Przeniesione z listy obsługiwanych subregionów sprzed rejestru akredytacji: "
    "uzupełnij numer i datę decyzji oraz okres ważności."
)


def lists_to_accreditations(apps, schema_editor):
    Organisation = apps.get_model("contacts", "Organisation")
    Accreditation = apps.get_model("contacts", "OwesAccreditation")
    for organisation in Organisation.objects.filter(serves_subregions__isnull=False).distinct():
        accreditation = Accreditation.objects.create(organisation=organisation, notes=MOVED)
        accreditation.subregions.set(organisation.serves_subregions.all())


def accreditations_to_lists(apps, schema_editor):
    Accreditation = apps.get_model("contacts", "OwesAccreditation")
    for accreditation in Accreditation.objects.prefetch_related("subregions"):
        accreditation.organisation.serves_subregions.add(*accreditation.subregions.all())


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0010_operated_units'),
        ('crm', '0002_podlaskie_territory'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalOwesAccreditation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='created at')),
                ('decision_number', models.CharField(blank=True, max_length=100, verbose_name='decision number')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='decision date')),
                ('valid_from', models.DateField(blank=True, help_text='Empty only for records moved from the old list of served subregions.', null=True, verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, help_text='The last day of validity, as the decision says; empty if open-ended.', null=True, verbose_name='valid to')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contacts.organisation', verbose_name='OWES')),
            ],
            options={
                'verbose_name': 'historical OWES accreditation',
                'verbose_name_plural': 'historical OWES accreditations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='OwesAccreditation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='changed at')),
                ('decision_number', models.CharField(blank=True, max_length=100, verbose_name='decision number')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='decision date')),
                ('valid_from', models.DateField(blank=True, help_text='Empty only for records moved from the old list of served subregions.', null=True, verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, help_text='The last day of validity, as the decision says; empty if open-ended.', null=True, verbose_name='valid to')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accreditations', to='contacts.organisation', verbose_name='OWES')),
                ('subregions', models.ManyToManyField(related_name='owes_accreditations', to='crm.subregion', verbose_name='subregions served')),
            ],
            options={
                'verbose_name': 'OWES accreditation',
                'verbose_name_plural': 'OWES accreditations',
                'ordering': ['organisation', '-valid_from', 'id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalOwesAccreditation_subregions',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='contacts.historicalowesaccreditation')),
                ('subregion', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='crm.subregion')),
                ('owesaccreditation', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contacts.owesaccreditation')),
            ],
            options={
                'verbose_name': 'HistoricalOwesAccreditation_subregions',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name='owesaccreditation',
            index=models.Index(fields=['valid_from', 'valid_to'], name='owes_accreditation_valid'),
        ),
        migrations.AddConstraint(
            model_name='owesaccreditation',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_from__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='owes_accreditation_dates_in_order'),
        ),
        migrations.RunPython(lists_to_accreditations, accreditations_to_lists),
        migrations.RemoveField(
            model_name='organisation',
            name='serves_subregions',
        ),
    ]
