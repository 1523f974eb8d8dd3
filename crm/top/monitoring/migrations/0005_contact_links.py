"""The contact log as the support indicators read it, kept by triggers (``contact_links``)."""

import django.db.models.deletion
from django.db import migrations, models

from crm.top.monitoring import contact_links


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    contact_links.install(schema_editor)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    contact_links.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0020_art14_notices"),
        ("interactions", "0008_event_tags_interaction_tags"),
        ("monitoring", "0004_indicator_meanings"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactLink",
            fields=[
                ("link_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("occurred_at", models.DateTimeField()),
                ("kind", models.CharField(max_length=16)),
                ("duration_minutes", models.IntegerField(null=True)),
                ("is_first", models.BooleanField()),
                (
                    "interaction",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="interactions.interaction",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contacts.organisation",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=[
                            "occurred_at",
                            "kind",
                            "is_first",
                            "organisation",
                            "duration_minutes",
                        ],
                        name="contactlink_year",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
