"""OWES accreditations: the minister's decision that lets an OWES serve subregions for a time.

What "the OWES of a subregion" means everywhere (pages, indicators): the OWES whose
accreditation covering that subregion is valid on the day asked about. There is no second
list of served subregions to keep in step (the old ``serves_subregions`` became records here,
migration 0011).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.kinds import OrganisationKind
from contacts.models.organisations import Organisation
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from crm.territory.models import Subregion


def valid_on_condition(day: datetime.date, prefix: str = "") -> Q:
    """Accreditations (reached through ``prefix``, e.g. ``"accreditations__"``) valid on
    ``day``: ``valid_to`` is the last day of validity, as decisions say it; an unknown start
    (records moved from the old list) counts as valid since ever."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class OwesAccreditation(ScopedModel, TimeStampedModel):
    access_subregion_path = "organisation__gmina__subregion"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="accreditations",
        verbose_name=_("OWES"),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("Empty only for records moved from the old list of served subregions."),
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("The last day of validity, as the decision says; empty if open-ended."),
    )
    subregions = models.ManyToManyField(
        Subregion, related_name="owes_accreditations", verbose_name=_("subregions served")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[subregions], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation", "-valid_from", "id"]
        verbose_name = _("OWES accreditation")
        verbose_name_plural = _("OWES accreditations")
        constraints = [
            dates_in_order("valid_from", "valid_to", name="owes_accreditation_dates_in_order"),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="owes_accreditation_valid")]

    def __str__(self) -> str:
        number = self.decision_number or str(_("no decision number"))
        return f"{self.organisation} — {number}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_valid_today(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.organisation_id and self.organisation.kind != OrganisationKind.OWES:
            errors["organisation"] = ValidationError(
                _("Only an OWES is accredited: %(name)s is not one."),
                code="not_owes",
                params={"name": self.organisation.name},
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = ValidationError(_("Ends before it starts."), code="dates_order")
        if errors:
            raise ValidationError(errors)
