from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """crm's top floor: indicators, reports and the cooperation graph (reads every app)."""

    name = "crm.top.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from crm.documents.registry import register_attachable
        from crm.top.monitoring import facts

        register_attachable(
            self.get_model("StrategicDocument"),
            lambda pk: reverse("monitoring:document_edit", args=[pk]),
        )

        # The data version's triggers, on every data table once all migrations have run.
        post_migrate.connect(facts.install, sender=self, dispatch_uid="monitoring.facts")
