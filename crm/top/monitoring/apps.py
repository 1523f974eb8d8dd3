from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """crm's top floor: indicators, reports and the cooperation graph (reads every app)."""

    name = "crm.top.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
