from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks and partnerships")

    def ready(self) -> None:
        # What networks adds to the contacts pages below it (contacts never imports networks).
        from networks import contributions, delete_links, exports, timeline
        from networks.services import erasure

        contributions.register()
        exports.register()
        timeline.register()
        delete_links.register()
        erasure.register()
