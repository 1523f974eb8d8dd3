from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class InteractionsConfig(AppConfig):
    name = "interactions"
    verbose_name = _("Contact log, events and follow-ups")

    def ready(self) -> None:
        # What interactions adds to the contacts pages below it (contacts never imports it).
        from crm.documents.registry import register_attachable
        from interactions import contributions, exports, lists, timeline
        from interactions.services import erasure

        contributions.register()
        exports.register()
        lists.register()
        timeline.register()
        erasure.register()
        register_attachable(
            self.get_model("Event"),
            lambda pk: reverse("interactions:event_detail", args=[pk]),
        )
