"""Indicator definitions and targets, JST strategic documents, monitoring recommendations.

Indicator *values* are never stored: each definition names a registered computation
(``crm.top.monitoring.indicators``) that counts them from the data.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import JST_KINDS, Organisation
from crm.base import CreatedByModel, ScopedModel, TimeStampedModel, dates_in_order
from crm.territory.models import Gmina, Subregion


class IndicatorDefinition(TimeStampedModel):
    class Chapter(models.TextChoices):
        PES = "pes", _("social-economy entities")
        ENTERPRISES = "enterprises", _("social enterprises and jobs")
        NETWORKS = "networks", _("networks and cooperation")
        JST = "jst", _("local governments")
        SUPPORT = "support", _("support: contacts and events")
        RECOMMENDATIONS = "recommendations", _("recommendations")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=32)
    chapter = models.CharField(_("chapter"), max_length=20, choices=Chapter.choices)
    # One line each: what the computation counts, in the programme's words.
    description = models.TextField(_("definition (Polish)"), blank=True)
    description_en = models.TextField(_("definition (English)"), blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    query = models.CharField(
        _("computation"),
        max_length=64,
        help_text=_("Which registered computation counts the values."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_key_result = models.BooleanField(_("key result of the project"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_year__isnull=False),
                name="indicator_baseline_has_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name_pl}"

    @property
    def name(self) -> str:
        """The name in the language of the page (Polish unless English is active)."""
        return self.name_en if get_language() == "en" and self.name_en else self.name_pl

    @property
    def meaning(self) -> str:
        """The one-line definition in the language of the page (Polish unless English)."""
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description

    def clean(self) -> None:
        from crm.top.monitoring.indicators import REGISTRY

        if self.query and self.query not in REGISTRY:
            raise ValidationError({"query": _("No computation is registered under this key.")})
        if self.baseline_value is not None and self.baseline_year is None:
            raise ValidationError({"baseline_year": _("A baseline value needs its year.")})


class IndicatorTarget(TimeStampedModel):
    definition = models.ForeignKey(
        IndicatorDefinition,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["definition", "year"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["definition", "year"], name="indicator_target_once"),
            models.CheckConstraint(condition=Q(year__gte=2000), name="indicator_target_year"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.code} {self.year}: {self.value}"


def _jst_kinds() -> dict[str, object]:
    return {"kind__in": sorted(JST_KINDS)}


class StrategicDocument(ScopedModel, TimeStampedModel):
    """A JST's strategy or programme; the indicators ask whether it provides for the SE."""

    access_subregion_path = "organisation__gmina__subregion"

    class Kind(models.TextChoices):
        SOCIAL_PROBLEMS = (
            "social_problems",
            _(
                "strategy for solving social problems (strategia rozwiązywania problemów "
                "społecznych)"
            ),
        )
        DEVELOPMENT = "development", _("development strategy (strategia rozwoju)")
        NGO_PROGRAMME = (
            "ngo_programme",
            _("programme of cooperation with NGOs (program współpracy)"),
        )
        OTHER = "other", _("other")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="strategic_documents",
        limit_choices_to=_jst_kinds,
        verbose_name=_("local government (JST)"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    adopted_on = models.DateField(_("adopted on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    has_se_provisions = models.BooleanField(_("has social-economy provisions"), default=False)
    quote = models.TextField(_("quote"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-adopted_on"]
        verbose_name = _("strategic document")
        verbose_name_plural = _("strategic documents")
        constraints = [
            dates_in_order(
                "adopted_on",
                "valid_until",
                name="strategic_document_dates_in_order",
                start_may_be_empty=False,
            )
        ]
        indexes = [models.Index(fields=["has_se_provisions", "adopted_on"])]

    def __str__(self) -> str:
        return self.title

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.adopted_on <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.organisation_id and self.organisation.kind not in JST_KINDS:
            errors["organisation"] = ValidationError(_("Only a local government (JST)."))
        if self.valid_until and self.adopted_on and self.valid_until < self.adopted_on:
            errors["valid_until"] = ValidationError(_("Valid until a date before adoption."))
        if errors:
            raise ValidationError(errors)


class Recommendation(TimeStampedModel, CreatedByModel):
    """A recommendation of the yearly monitoring, followed until it is implemented."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        IMPLEMENTED = "implemented", _("implemented")
        REJECTED = "rejected", _("rejected")

    monitoring_year = models.PositiveSmallIntegerField(_("monitoring year"))
    text = models.TextField(_("recommendation"))
    addressee = models.CharField(_("addressee"), max_length=300)
    subregion = models.ForeignKey(
        Subregion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subregion"),
        help_text=_("Empty for the whole region."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-monitoring_year", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="implemented") & Q(implemented_on__isnull=False))
                | (~Q(status="implemented") & Q(implemented_on__isnull=True)),
                name="recommendation_implemented_has_date",
            ),
            models.CheckConstraint(
                condition=Q(monitoring_year__gte=2000), name="recommendation_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.monitoring_year}: {self.text[:60]}"

    def clean(self) -> None:
        if self.status == self.Status.IMPLEMENTED and self.implemented_on is None:
            raise ValidationError({"implemented_on": _("Say when it was implemented.")})
        if self.status != self.Status.IMPLEMENTED and self.implemented_on is not None:
            raise ValidationError({"implemented_on": _("Only implemented ones have this date.")})


class MonitoringReport(TimeStampedModel):
    """A generated yearly report workbook, kept in the default storage for download."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being generated")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"))
    subregion = models.ForeignKey(
        Subregion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subregion"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), upload_to="monitoring/reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")

    def __str__(self) -> str:
        return f"{self.year} {self.subregion or ''}".strip()


class ContactLink(ScopedModel):
    """One organisation of one contact, with what the support indicators read of the contact:
    a copy of the contact log kept by database triggers (``contact_links``), never written by
    Python, so that a year of contacts is one index range instead of the whole link table."""

    access_subregion_path = "organisation__gmina__subregion"

    # The link's own id (interactions_interaction_organisations.id).
    link_id = models.BigIntegerField(primary_key=True)
    # No constraints: the triggers remove a row in the statement that removes its link.
    interaction = models.ForeignKey(
        "interactions.Interaction",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=16)
    duration_minutes = models.IntegerField(null=True)
    # The contact's link to its organisation with the lowest id: where the contact counts.
    is_first = models.BooleanField()

    class Meta:
        indexes = [
            # A year's links without visiting the table (an index-only scan on PostgreSQL).
            models.Index(
                fields=["occurred_at", "kind", "is_first", "organisation", "duration_minutes"],
                name="contactlink_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interaction_id} → {self.organisation_id}"


class EnterpriseYear(ScopedModel):
    """An organisation holding status PS at the end of ``year`` (statutory, or legacy until it
    expired), with its employment then and at the end of the year before, and what the
    indicators read of the organisation itself: kept by database triggers from its statuses,
    employment records and its own row (``enterprise_years``), never written by Python. The
    row marked ``onwards`` stands for every later year too."""

    access_subregion_path = "gmina__subregion"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    year = models.IntegerField()
    # The last year anything of the organisation changes: later years look the same.
    onwards = models.BooleanField()
    # Holds the statutory status at that year end (the legacy one does not make it count in
    # ``se_active``).
    statutory = models.BooleanField()
    # The latest employment record on or before the year end (FTE: the latest stating it), and
    # on or before the end of the year before; 0 without one.
    jobs_now = models.IntegerField()
    risk_now = models.IntegerField()
    fte_now = models.DecimalField(max_digits=10, decimal_places=2)
    jobs_before = models.IntegerField()
    risk_before = models.IntegerField()
    fte_before = models.DecimalField(max_digits=10, decimal_places=2)
    # The organisation's own, as it is now: whether it is active on a day (``lifetime``), where
    # it is and its kind are read here, not by joining the 100,000 organisations.
    kind = models.CharField(max_length=32)
    gmina = models.ForeignKey(
        Gmina, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    founded_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["year", "onwards"], name="enterpriseyear_year")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.year}"
