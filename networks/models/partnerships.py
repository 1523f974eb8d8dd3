"""Partnerships between organisations and their parties.

A partnership's ``ends_on`` is not a membership's ``left_on``: it is the last day of the
agreement, as written in it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from crm.tags.models import TagsField


class PartnershipKind(models.TextChoices):
    COMMISSIONED_TASK = "commissioned_task", _("commissioned public task")
    SOCIAL_CLAUSE = "social_clause", _("contract with a social clause")
    COOPERATION = "cooperation", _("cooperation agreement")
    JOINT_PROJECT = "joint_project", _("joint project")
    SUBCONTRACTING = "subcontracting", _("subcontracting")
    LEGAL_PERSONS_COOPERATIVE = (
        "legal_persons_coop",
        _("social cooperative of legal persons"),
    )
    OTHER = "other", _("other")


class PartnershipStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("in force")
    ENDED = "ended", _("ended")


class Partnership(ScopedModel, TimeStampedModel):
    """An agreement between organisations; its status follows from the dates, never stored."""

    access_subregion_path = "parties__organisation__gmina__subregion"

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=24, choices=PartnershipKind.choices)
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("The last day; empty if open-ended.")
    )
    value_pln = models.DecimalField(
        _("value (PLN)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    # Where it came from: the fair or study visit where the parties met, or a consultation.
    origin_event = models.ForeignKey(
        "interactions.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("came from the event"),
    )
    origin_interaction = models.ForeignKey(
        "interactions.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("came from the interaction"),
    )
    tags = TagsField(list_url="networks:partnership_list")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            dates_in_order(
                "starts_on", "ends_on", name="partnership_dates_in_order", start_may_be_empty=False
            ),
            models.CheckConstraint(
                condition=Q(value_pln__isnull=True) | Q(value_pln__gte=0),
                name="partnership_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: datetime.date) -> str:
        if day < self.starts_on:
            return PartnershipStatus.PLANNED
        if self.ends_on is not None and day > self.ends_on:
            return PartnershipStatus.ENDED
        return PartnershipStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ends before it starts.")})


class PartyRole(models.TextChoices):
    LEAD = "lead", _("lead")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")
    CONTRACTOR = "contractor", _("contractor")


class PartnershipParty(ScopedModel, TimeStampedModel):
    access_subregion_path = "organisation__gmina__subregion"

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("partnership"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnership_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTNER
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["partnership", "role", "id"]
        verbose_name = _("partnership party")
        verbose_name_plural = _("partnership parties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="party_once_per_partnership"
            )
        ]
        indexes = [models.Index(fields=["organisation", "partnership"], name="party_org")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"
