from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopConfig(AppConfig):
    """crm's top floor: the start page, the demo data and the commands that read every app."""

    name = "crm.top"
    label = "top"
    verbose_name = _("Sieć: start page and demo data")
