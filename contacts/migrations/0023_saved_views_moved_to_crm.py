"""Saved views belong to every list now (crm.lists): the organisation list's move there."""

from typing import Any

from django.db import migrations

ORGANISATIONS = "organisations"


def move(apps: Any, schema_editor: Any) -> None:
    old = apps.get_model("contacts", "SavedView")
    new = apps.get_model("crm", "SavedView")
    for view in old.objects.order_by("id"):
        moved = new.objects.create(
            owner_id=view.owner_id,
            list_key=ORGANISATIONS,
            name=view.name,
            query=view.query,
            is_shared=view.is_shared,
        )
        # auto_now_add stamped the move: the view keeps the day it was saved.
        new.objects.filter(pk=moved.pk).update(created_at=view.created_at)


def move_back(apps: Any, schema_editor: Any) -> None:
    old = apps.get_model("contacts", "SavedView")
    new = apps.get_model("crm", "SavedView")
    for view in new.objects.filter(list_key=ORGANISATIONS).order_by("id"):
        moved = old.objects.create(
            owner_id=view.owner_id, name=view.name, query=view.query, is_shared=view.is_shared
        )
        old.objects.filter(pk=moved.pk).update(created_at=view.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0022_growth_indexes"),
        ("crm", "0010_list_preferences_saved_views"),
    ]

    operations = [
        migrations.RunPython(move, move_back),
        migrations.DeleteModel(name="SavedView"),
    ]
