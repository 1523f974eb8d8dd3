from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """crm's top floor: bulk imports of partner lists (reads every app)."""

    name = "crm.top.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # A partner's stored file that names a person goes when the person is anonymised.
        from crm.top.imports.services import erasure

        erasure.register()
