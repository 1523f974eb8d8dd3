"""The contact log: one row a contact of the project team with organisations and people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from crm.base import CreatedByModel, ScopedModel, TimeStampedModel
from crm.tags.models import TagsField
from interactions.models.topics import Topic


class InteractionKind(models.TextChoices):
    CONSULTATION = "consultation", _("consultation / advisory (doradztwo)")
    MEETING = "meeting", _("meeting")
    PHONE = "phone", _("phone call")
    EMAIL = "email", _("e-mail")
    STUDY_VISIT = "study_visit", _("study visit")
    TRAINING = "training", _("training")
    SITE_VISIT = "site_visit", _("site visit")
    # Support an OWES gave an organisation, as the OWES's lists say (imported with them).
    SUPPORT = "support", _("OWES support")
    OTHER = "other", _("other")


class Interaction(ScopedModel, TimeStampedModel, CreatedByModel):
    """One contact of the project team with organisations and people."""

    access_subregion_path = "organisations__gmina__subregion"
    # Free-text notes and the people involved are personal data.
    access_personal_data = True
    # Viewers read the log without them (``crm.access.scope_without_personal_data``): when, what
    # kind, the subject, organisations, topics and staff, as the log's export shows them.
    access_personal_fields = ("notes", "outcome")

    kind = models.CharField(_("kind"), max_length=16, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    # A contact logged with a date only is stored at the start of that day (Europe/Warsaw) and
    # shown as a date: the clock time of the logging is not the time of the contact.
    has_time = models.BooleanField(_("time known"), default=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="interactions",
        verbose_name=_("staff"),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="interactions", verbose_name=_("organisations")
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="interactions", verbose_name=_("people")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="interactions", verbose_name=_("topics")
    )
    tags = TagsField(list_url="interactions:interaction_list")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60 * 14),
                name="interaction_duration_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
