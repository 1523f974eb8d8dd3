"""Networks and committees, who belongs to them and when, and partnerships between organisations.

Dates of a membership follow one rule everywhere: ``joined_on`` is the first day as a member and
``left_on`` is the first day *outside* (a member who left on D is not a member on D). A
partnership's ``ends_on`` is different: it is the last day of the agreement, as written in it.
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from crm.tags.models import TagsField
from crm.territory.models import Subregion
from crm.text import POLISH
from networks.constraints import DateRange, PostgresExclusionConstraint

OVERLAP_MESSAGE = _(
    "Okresy członkostwa tej organizacji w tej sieci nakładają się. / "
    "This organisation's membership periods in this network overlap."
)


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
