from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Sieć: territory, users and audit")

    def ready(self) -> None:
        from celery.signals import before_task_publish

        from crm.health import record_beat

        # In the beat process: publishing the heartbeat is beat's proof of life (crm.health).
        before_task_publish.connect(record_beat, dispatch_uid="crm.health.record_beat")
