"""Status PS (social enterprise) and employment snapshots of an organisation."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.kinds import PS_ELIGIBLE_KINDS
from contacts.models.organisations import Organisation
from crm.base import ScopedModel, TimeStampedModel, dates_in_order


class SocialEnterpriseStatus(ScopedModel, TimeStampedModel):
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
    # The Act on the social economy (Dz.U. 2022 poz. 1812) came into force on 30 Oct 2022: the
    # voivode grants the statutory status from that day, OWES verified the old one before it.
    STATUTORY_SINCE = datetime.date(2022, 10, 30)
    # The latest day a legacy status may be recorded as lost: the day after it expired.
    LEGACY_LOST_BY = datetime.date(2024, 1, 1)

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
        """Held on ``day``: from ``granted_on`` up to the day before ``lost_on`` (the day it is
        lost it is not held, as the overlap rule and the indicators read it)."""
        if day < self.granted_on or (self.lost_on and day >= self.lost_on):
            return False
        return not (self.kind == self.Kind.LEGACY and day > self.LEGACY_EXPIRY)

    def clean(self) -> None:
        """The rules of the Act that this row and its organisation tell; the overlap with
        another grant needs the other rows (``contacts.services.statuses``).

        No CHECK constraints hold them: rows recorded before the rules may break them, and a
        migration must neither fail on them nor rewrite them unseen; ``manage.py check_data``
        lists them for a person to correct.
        """
        errors: dict[str, list[ValidationError]] = {}

        def refuse(field: str, code: str, message: Any, **params: Any) -> None:
            error = ValidationError(message, code=code, params=params or None)
            errors.setdefault(field, []).append(error)

        granted, lost = self.granted_on, self.lost_on
        statutory, legacy = self.kind == self.Kind.STATUTORY, self.kind == self.Kind.LEGACY
        if lost and granted and lost < granted:
            refuse("lost_on", "lost_before_granted", _("Lost before it was granted."))
        if granted and statutory and granted < self.STATUTORY_SINCE:
            refuse(
                "granted_on",
                "statutory_before_act",
                _(
                    "The voivode grants the statutory PS status only since 30.10.2022, when "
                    "the Act on the social economy came into force; an earlier status is the "
                    "old OWES-verified one."
                ),
            )
        if granted and legacy and granted >= self.STATUTORY_SINCE:
            refuse(
                "granted_on",
                "legacy_after_act",
                _(
                    "The old OWES-verified PS status was granted only before 30.10.2022; a "
                    "later status is the statutory one, granted by the voivode."
                ),
            )
        if lost and legacy and lost > self.LEGACY_LOST_BY:
            refuse(
                "lost_on",
                "legacy_lost_late",
                _(
                    "The old OWES-verified PS status expired at the end of 2023: it cannot be "
                    "lost later than on 01.01.2024."
                ),
            )
        organisation = self.organisation if self.organisation_id else None
        if organisation is not None and statutory and organisation.kind not in PS_ELIGIBLE_KINDS:
            refuse(
                "kind",
                "kind_not_eligible",
                _(
                    "%(kind)s cannot hold the statutory PS status (the Act on the social "
                    "economy, art. 3): only social and work cooperatives (also of the disabled "
                    "and the blind), agricultural production cooperatives, foundations, "
                    "associations, KGW, church legal persons, associations of local "
                    "governments and non-profit companies can; a WTZ, ZAZ, CIS or KIS through "
                    "the organisation that runs it."
                ),
                kind=capfirst(organisation.get_kind_display()),
            )
        closed = organisation.closed_on if organisation is not None else None
        if granted and closed and granted >= closed:
            refuse(
                "granted_on",
                "after_closed",
                _("The organisation closed on %(date)s: no status can be granted from then on."),
                date=f"{closed:%d.%m.%Y}",
            )
        if errors:
            raise ValidationError(errors)


class EmploymentSnapshot(ScopedModel, TimeStampedModel):
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
