"""Networks and committees, and the terms of office of a committee."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from crm.territory.models import Subregion
from crm.text import POLISH


class NetworkKind(models.TextChoices):
    REGIONAL = "regional", _("regional OWES–PES network")
    THEMATIC = "thematic", _("thematic network")
    PARTNERSHIP = "partnership", _("partnership")
    COMMITTEE = "committee", _("committee (e.g. RKRES)")
    CLUSTER = "cluster", _("cluster")


class Network(ScopedModel, TimeStampedModel):
    access_subregion_path = "subregion"

    name = models.CharField(_("name"), max_length=300, unique=True, db_collation=POLISH)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NetworkKind.choices)
    subregion = models.ForeignKey(
        Subregion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("subregion"),
        help_text=_("Empty for networks covering the whole voivodeship."),
    )
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_networks",
        verbose_name=_("coordinator"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [dates_in_order("founded_on", "closed_on", name="network_dates_in_order")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.closed_on and self.founded_on and self.closed_on < self.founded_on:
            raise ValidationError({"closed_on": _("Closed before it was founded.")})


class Term(ScopedModel, TimeStampedModel):
    """A term of office of a committee (e.g. RKRES 2020–2023); appointments belong to one."""

    access_subregion_path = "network__subregion"

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="terms", verbose_name=_("network")
    )
    label = models.CharField(_("label"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["network", "-starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["network", "label"], name="term_label_unique"),
            dates_in_order(
                "starts_on", "ends_on", name="term_dates_in_order", start_may_be_empty=False
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.label}"
