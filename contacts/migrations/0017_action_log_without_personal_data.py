"""The action log names personal records by kind and id, and keeps no search terms (issue
13): entries written before that named people (and contacts by their free-text subject) and
stored what an export searched for."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

# The personal records' content types (by model name: one app each) and their Polish labels,
# as ``crm.audit.services.object_label`` writes them.
LABELS = {
    "person": "osoba",
    "affiliation": "powiązanie",
    "consent": "zgoda",
    "interaction": "kontakt",
    "participation": "udział",
    "followup": "zadanie",
}


def relabel(apps, schema_editor):  # type: ignore[no-untyped-def]
    ActionLog = apps.get_model("crm", "ActionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for content_type in ContentType.objects.filter(model__in=LABELS):
        ActionLog.objects.filter(content_type=content_type).update(
            object_repr=Concat(Value(f"{LABELS[content_type.model]} #"), "object_id")
        )
    for entry in ActionLog.objects.filter(verb__startswith="exports.").only("id", "details"):
        filters = (entry.details or {}).get("filters")
        if isinstance(filters, dict):
            entry.details["filters"] = sorted(
                k for k, v in filters.items() if v not in ("", None, [])
            )
            entry.save(update_fields=["details"])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0016_polish_order"),
        ("crm", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
