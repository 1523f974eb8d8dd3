"""People an import created came from an OWES's list, not from themselves: art. 14 GDPR.

They are marked as such and given the notice deadline a month after the import (a person
informed already keeps that; the worklist leaves them out by ``informed_at``).
"""

import calendar
import datetime

from django.db import migrations
from django.utils import timezone


def _month_later(day: datetime.date) -> datetime.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mark_imported_people(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    ImportedRecord = apps.get_model("imports", "ImportedRecord")
    Person = apps.get_model("contacts", "Person")
    person_type = ContentType.objects.filter(app_label="contacts", model="person").first()
    if person_type is None:
        return
    created = ImportedRecord.objects.filter(
        content_type=person_type, action="created"
    ).values_list("object_id", flat=True)
    for pk, created_at in Person.objects.filter(pk__in=created).values_list("pk", "created_at"):
        Person.objects.filter(pk=pk).update(
            data_origin="elsewhere",
            notice_due_on=_month_later(timezone.localdate(created_at)),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0010_batch_limited_to_subregions"),
        ("contacts", "0020_art14_notices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mark_imported_people, migrations.RunPython.noop)]
