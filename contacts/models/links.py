"""Typed, dated ties between two organisations: who founded whom, which OWES supports a PES.

Who runs a WTZ, ZAZ, CIS or KIS is not a link: ``Organisation.operator`` says it, once, with
its rules (required for the unit, the shared NIP); the pages, the API, the timeline and the
graph show it as the "operator of" tie beside these links (``contacts.links``), so the same
tie is never kept twice where the two could disagree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.kinds import PES_KINDS, OrganisationKind
from contacts.models.organisations import Organisation
from crm.base import ScopedModel, TimeStampedModel, dates_in_order


class LinkKind(models.TextChoices):
    # A JST founding a CIS or KIS, legal persons founding a social cooperative (spółdzielnia
    # socjalna osób prawnych), an NGO founding a foundation or a company.
    FOUNDED_BY = "founded_by", _("founded by")
    # An OWES supporting a PES: advice, training, a grant (the support relationship).
    OWES_SUPPORT = "owes_support", _("supported by OWES")


# How each side reads the tie: (the "from" organisation's words, the "to" organisation's).
SIDE_LABELS = {
    LinkKind.FOUNDED_BY: (_("Founded by"), _("Founder of")),
    LinkKind.OWES_SUPPORT: (_("Supported by OWES"), _("Supports as OWES")),
}


class OrganisationLink(ScopedModel, TimeStampedModel):
    """``organisation`` is ``kind`` ``other``: founded by it, supported by it (an OWES)."""

    access_subregion_path = "organisation__gmina__subregion"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="links",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind of tie"), max_length=32, choices=LinkKind.choices)
    other = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="links_to",
        verbose_name=_("tied to"),
        help_text=_("The founder, or the OWES that supports the organisation."),
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The first day the tie no longer holds.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation", "kind", "-started_on", "id"]
        verbose_name = _("tie between organisations")
        verbose_name_plural = _("ties between organisations")
        constraints = [
            dates_in_order("started_on", "ended_on", name="organisation_link_dates_in_order"),
            models.CheckConstraint(
                condition=~Q(organisation=F("other")), name="organisation_link_not_to_itself"
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "other"],
                condition=Q(ended_on__isnull=True),
                name="organisation_link_one_open",
                violation_error_code="overlap",
                violation_error_message=_("This tie is already recorded and has not ended."),
            ),
        ]
        indexes = [models.Index(fields=["other", "kind"], name="organisation_link_other")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_kind_display()} — {self.other}"

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or day < self.ended_on
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.organisation_id and self.other_id and self.organisation_id == self.other_id:
            errors["other"] = ValidationError(
                _("An organisation cannot be tied to itself."), code="itself"
            )
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = ValidationError(_("Ends before it starts."), code="dates_order")
        if self.kind == LinkKind.OWES_SUPPORT and not errors:
            other = self.other if self.other_id else None
            subject = self.organisation if self.organisation_id else None
            if other is not None and other.kind != OrganisationKind.OWES:
                errors["other"] = ValidationError(
                    _("%(name)s is not an OWES."), code="not_owes", params={"name": other.name}
                )
            if subject is not None and subject.kind not in PES_KINDS:
                errors["organisation"] = ValidationError(
                    _("An OWES supports social economy entities (PES): %(name)s is not one."),
                    code="not_pes",
                    params={"name": subject.name},
                )
        if errors:
            raise ValidationError(errors)
