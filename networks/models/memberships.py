"""Who belongs to a network and when.

Dates of a membership follow one rule everywhere: ``joined_on`` is the first day as a member and
``left_on`` is the first day *outside* (a member who left on D is not a member on D).
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from networks.constraints import DateRange, PostgresExclusionConstraint
from networks.models.networks import Network, Term

OVERLAP_MESSAGE = _(
    "Okresy członkostwa tej organizacji w tej sieci nakładają się. / "
    "This organisation's membership periods in this network overlap."
)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    COORDINATOR = "coordinator", _("coordinator")
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    SECRETARY = "secretary", _("secretary")
    OBSERVER = "observer", _("observer")


class Membership(ScopedModel, TimeStampedModel):
    """One uninterrupted period of an organisation in a network; a rejoin is a new row."""

    access_subregion_path = "organisation__gmina__subregion"

    # No single-column indexes: membership_org and membership_period below lead with these.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
        db_index=False,
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("network"),
        db_index=False,
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("The first day it is no longer a member; empty while it still is."),
    )
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    representative = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("representative"),
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("term"),
        help_text=_("For committees: the term of office of the appointment."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where we know it from, e.g. a declaration, a resolution or an import."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["network", "-joined_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            dates_in_order(
                "joined_on", "left_on", name="membership_dates_in_order", start_may_be_empty=False
            ),
            models.UniqueConstraint(
                fields=["organisation", "network"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_network",
                violation_error_message=OVERLAP_MESSAGE,
            ),
            PostgresExclusionConstraint(
                name="membership_periods_do_not_overlap",
                expressions=[
                    (F("organisation"), RangeOperators.EQUAL),
                    (F("network"), RangeOperators.EQUAL),
                    (DateRange(F("joined_on"), F("left_on")), RangeOperators.OVERLAPS),
                ],
                violation_error_message=OVERLAP_MESSAGE,
            ),
        ]
        indexes = [
            # "Members on D" and the growth series: network, then the two dates.
            models.Index(fields=["network", "joined_on", "left_on"], name="membership_period"),
            models.Index(fields=["organisation", "network", "joined_on"], name="membership_org"),
            models.Index(fields=["left_on"], name="membership_left_on"),
            # The growth across networks reads each organisation's memberships in joining
            # order (networks.selectors.growth): from this index, not a sort of all of them.
            models.Index(
                fields=["organisation", "joined_on", "id"],
                include=["left_on"],
                name="membership_org_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.network}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("Left before it joined.")})
        term = self.term if self.term_id else None
        if term is not None and self.network_id and term.network_id != self.network_id:
            raise ValidationError({"term": _("The term belongs to another network.")})
