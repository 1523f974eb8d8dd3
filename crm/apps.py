from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Sieć: territory, users and audit")

    def ready(self) -> None:
        from celery.signals import beat_init, before_task_publish

        from crm.health import beat_started, record_beat

        # In the beat process: publishing the heartbeat is beat's proof of life (crm.health).
        before_task_publish.connect(record_beat, dispatch_uid="crm.health.record_beat")
        beat_init.connect(beat_started, dispatch_uid="crm.health.beat_started")
