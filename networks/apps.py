from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks and partnerships")

    def ready(self) -> None:
        # What networks adds to the contacts pages below it (contacts never imports networks).
        from crm.documents.registry import register_attachable
        from networks import contributions, delete_links, exports, lists, timeline
        from networks.services import erasure

        contributions.register()
        exports.register()
        lists.register()
        timeline.register()
        delete_links.register()
        register_attachable(
            self.get_model("Network"), lambda pk: reverse("networks:network_detail", args=[pk])
        )
        register_attachable(
            self.get_model("Partnership"),
            lambda pk: reverse("networks:partnership_detail", args=[pk]),
        )
        erasure.register()
