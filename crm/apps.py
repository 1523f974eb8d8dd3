from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Sieć: territory, users and audit")

    def ready(self) -> None:
        from celery.signals import beat_init, before_task_publish
        from django.db.backends.signals import connection_created

        from crm.health import beat_started, record_beat
        from crm.local_day import register_sqlite

        # In the beat process: publishing the heartbeat is beat's proof of life (crm.health).
        before_task_publish.connect(record_beat, dispatch_uid="crm.health.record_beat")
        beat_init.connect(beat_started, dispatch_uid="crm.health.beat_started")
        # SQLite learns the collation "pl" of the name columns on every connection.
        connection_created.connect(_polish_collation, dispatch_uid="crm.text.polish_collation")
        # ... and the start of a local day (crm.local_day.StartOfLocalDay).
        connection_created.connect(register_sqlite, dispatch_uid="crm.local_day.sqlite")


def _polish_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        from crm.text import POLISH, polish_compare

        connection.connection.create_collation(POLISH, polish_compare)
