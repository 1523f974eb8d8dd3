from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """crm's top floor: bulk imports of partner lists (reads every app)."""

    name = "crm.top.imports"
    label = "imports"
    verbose_name = _("Imports")
