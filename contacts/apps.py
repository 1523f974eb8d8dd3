from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        # What contacts offers the ground floor's registries: its exports, its timeline facts.
        from contacts import exports
        from contacts.timeline import sources

        exports.register()
        sources.register()
