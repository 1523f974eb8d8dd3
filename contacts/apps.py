from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        # What contacts offers the ground floor's registries: its exports, its timeline facts.
        from django.urls import reverse

        from contacts import exports, lists
        from contacts.erasure import register_mention_link
        from contacts.timeline import sources
        from crm.documents.registry import register_attachable

        exports.register()
        lists.register()
        sources.register()
        register_mention_link(
            "contacts.organisation",
            lambda pk: reverse("contacts:organisation_edit", args=[pk]),
        )
        register_mention_link(
            "contacts.person", lambda pk: reverse("contacts:person_edit", args=[pk])
        )
        register_attachable(
            self.get_model("Organisation"),
            lambda pk: reverse("contacts:organisation_detail", args=[pk]),
        )
