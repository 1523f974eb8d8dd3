"""Events on calendar dates and who took part in them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from crm.base import CreatedByModel, ScopedModel, TimeStampedModel, dates_in_order
from crm.tags.models import TagsField
from crm.territory.models import Gmina


class EventKind(models.TextChoices):
    FAIR = "fair", _("fair (Podlaskie Targi Ekonomii Społecznej)")
    RKRES_MEETING = "rkres_meeting", _("RKRES meeting")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    STUDY_VISIT = "study_visit", _("study visit")
    TRAINING = "training", _("training")
    CONFERENCE = "conference", _("conference")
    GALA = "gala", _("gala")
    OTHER = "other", _("other")


class Event(ScopedModel, TimeStampedModel, CreatedByModel):
    """An event on calendar dates (Europe/Warsaw days); a one-day event has no ``ends_on``."""

    access_subregion_path = "gmina__subregion"

    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    gmina = models.ForeignKey(
        Gmina,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("gmina"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    tags = TagsField(list_url="interactions:event_list")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            dates_in_order(
                "starts_on", "ends_on", name="event_dates_in_order", start_may_be_empty=False
            ),
        ]
        indexes = [models.Index(fields=["kind", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):  # type: ignore[no-untyped-def]
        return self.ends_on or self.starts_on


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    REGISTERED = "registered", _("registered")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


class Participation(ScopedModel, TimeStampedModel):
    """A person and / or an organisation at an event.

    One row per person per event; an organisation without a named person has at most one row,
    while several people of one organisation each have their own row.
    """

    access_subregion_path = "event__gmina__subregion"
    access_personal_data = True

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.REGISTERED,
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="participation_person_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="participation_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=Q(person__isnull=True, organisation__isnull=False),
                name="participation_one_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.event}: {self.person or self.organisation}"
