"""Status PS (social enterprise) and employment snapshots of an organisation."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.organisations import Organisation
from crm.base import TimeStampedModel, dates_in_order


class SocialEnterpriseStatus(TimeStampedModel):
    """Status PS: statutory (voivode's decision, since 30 Oct 2022) or the legacy OWES one."""

    access_subregion_path = "organisation__gmina__subregion"

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("statutory (voivode's decision)")
        LEGACY = "legacy", _("legacy (OWES-verified, until 2023)")

    class Purpose(models.TextChoices):
        REINTEGRATION = "reintegration", _("social and vocational reintegration")
        SOCIAL_SERVICES = "social_services", _("social services")
        BOTH = "both", _("reintegration and social services")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ps_statuses",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    granted_on = models.DateField(_("granted on"))
    lost_on = models.DateField(_("lost on"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices, blank=True)
    history = HistoricalRecords()

    # The legacy status expired with the end of 2023 whatever its papers said.
    LEGACY_EXPIRY = datetime.date(2023, 12, 31)

    class Meta:
        ordering = ["organisation", "-granted_on"]
        verbose_name = _("social enterprise status")
        verbose_name_plural = _("social enterprise statuses")
        constraints = [
            dates_in_order(
                "granted_on", "lost_on", name="ps_status_dates_in_order", start_may_be_empty=False
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "granted_on"], name="ps_status_unique_grant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.granted_on:%d.%m.%Y}"

    def is_active_on(self, day: datetime.date) -> bool:
        if day < self.granted_on or (self.lost_on and day > self.lost_on):
            return False
        return not (self.kind == self.Kind.LEGACY and day > self.LEGACY_EXPIRY)

    def clean(self) -> None:
        if self.lost_on and self.granted_on and self.lost_on < self.granted_on:
            raise ValidationError({"lost_on": _("Lost before it was granted.")})


class EmploymentSnapshot(TimeStampedModel):
    access_subregion_path = "organisation__gmina__subregion"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="employment",
        verbose_name=_("organisation"),
    )
    as_of = models.DateField(_("as of"))
    employees = models.PositiveIntegerField(_("employees"))
    employees_at_risk = models.PositiveIntegerField(
        _("of whom at risk of social exclusion"), default=0
    )
    fte = models.DecimalField(_("FTE"), max_digits=8, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-as_of"]
        verbose_name = _("employment snapshot")
        verbose_name_plural = _("employment snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "as_of"], name="employment_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(employees_at_risk__lte=F("employees")),
                name="employment_at_risk_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.as_of:%d.%m.%Y}: {self.employees}"

    def clean(self) -> None:
        if (
            self.employees_at_risk is not None
            and self.employees is not None
            and self.employees_at_risk > self.employees
        ):
            raise ValidationError({"employees_at_risk": _("Cannot be more than all employees.")})
