from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    """crm's top floor: e-mail to a selection of organisations, people, a network's members or
    an event's participants (reads every app)."""

    name = "crm.top.mailing"
    label = "mailing"
    verbose_name = _("E-mail to a selection")

    def ready(self) -> None:
        # Sent messages on the organisation's timeline and the person's page.
        from crm.top.mailing import timeline

        timeline.register()
