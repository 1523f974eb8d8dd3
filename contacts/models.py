"""Organisations, their statuses and employment, people and affiliations."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.base import TimeStampedModel, WebsiteField, dates_in_order
from crm.territory.models import Gmina, Subregion
from crm.text import fold


class Sector(models.TextChoices):
    PES = "pes", _("PES")
    OWES = "owes", _("OWES")
    JST = "jst", _("JST and public institutions")
    BUSINESS = "business", _("business")
    SCIENCE = "science", _("university / research")
    MEDIA = "media", _("media")
    OTHER = "other", _("other")


class OrganisationKind(models.TextChoices):
    # PES under the Act on the social economy of 5 Aug 2022, art. 2 pkt 5 (KGW treated as PES).
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative (spółdzielnia socjalna)")
    WTZ = "wtz", _("occupational therapy workshop (WTZ)")
    ZAZ = "zaz", _("vocational activity centre (ZAZ)")
    CIS = "cis", _("social integration centre (CIS)")
    KIS = "kis", _("social integration club (KIS)")
    WORK_COOPERATIVE = "work_cooperative", _("work cooperative (spółdzielnia pracy)")
    AGRICULTURAL_COOPERATIVE = "agri_cooperative", _("agricultural production cooperative")
    FOUNDATION = "foundation", _("foundation (fundacja)")
    ASSOCIATION = "association", _("association (stowarzyszenie)")
    CHURCH_ENTITY = "church_entity", _("church legal person (public benefit)")
    JST_ASSOCIATION = "jst_association", _("association of local governments")
    NONPROFIT_COMPANY = "nonprofit_company", _("non-profit company")
    KGW = "kgw", _("rural housewives' circle (KGW)")
    # The rest of the social-economy landscape.
    OWES = "owes", _("social economy support centre (OWES)")
    GMINA = "jst_gmina", _("gmina (local government)")
    POWIAT = "jst_powiat", _("powiat (local government)")
    CITY = "jst_city", _("city with powiat rights")
    VOIVODESHIP = "jst_voivodeship", _("voivodeship self-government")
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance (OPS, GOPS, MOPS, PCPR, CUS)")
    LABOUR_OFFICE = "labour_office", _("labour office (PUP, WUP)")
    PUBLIC_BODY = "public_body", _("other public body")
    BUSINESS = "business", _("business")
    UNIVERSITY = "university", _("university / research")
    CHURCH = "church", _("church or religious body")
    MEDIA = "media", _("media")
    OTHER = "other", _("other")


PES_KINDS = frozenset(
    {
        OrganisationKind.SOCIAL_COOPERATIVE,
        OrganisationKind.WTZ,
        OrganisationKind.ZAZ,
        OrganisationKind.CIS,
        OrganisationKind.KIS,
        OrganisationKind.WORK_COOPERATIVE,
        OrganisationKind.AGRICULTURAL_COOPERATIVE,
        OrganisationKind.FOUNDATION,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.CHURCH_ENTITY,
        OrganisationKind.JST_ASSOCIATION,
        OrganisationKind.NONPROFIT_COMPANY,
        OrganisationKind.KGW,
    }
)
JST_KINDS = frozenset(
    {
        OrganisationKind.GMINA,
        OrganisationKind.POWIAT,
        OrganisationKind.CITY,
        OrganisationKind.VOIVODESHIP,
    }
)
# Units that have no legal personality of their own and are run by an operator.
OPERATED_KINDS = frozenset(
    {OrganisationKind.WTZ, OrganisationKind.ZAZ, OrganisationKind.CIS, OrganisationKind.KIS}
)


def sector_of(kind: str) -> str:
    if kind in PES_KINDS:
        return Sector.PES
    if kind == OrganisationKind.OWES:
        return Sector.OWES
    if kind in JST_KINDS or kind in {
        OrganisationKind.SOCIAL_ASSISTANCE,
        OrganisationKind.LABOUR_OFFICE,
        OrganisationKind.PUBLIC_BODY,
    }:
        return Sector.JST
    if kind == OrganisationKind.BUSINESS:
        return Sector.BUSINESS
    if kind == OrganisationKind.UNIVERSITY:
        return Sector.SCIENCE
    if kind == OrganisationKind.MEDIA:
        return Sector.MEDIA
    return Sector.OTHER


class LegalForm(models.TextChoices):
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    COOPERATIVE = "cooperative", _("cooperative")
    FOUNDATION = "foundation", _("foundation")
    ASSOCIATION = "association", _("association")
    ORDINARY_ASSOCIATION = "ordinary_association", _("ordinary association")
    ASSOCIATION_UNION = "association_union", _("union of associations")
    KGW = "kgw", _("rural housewives' circle")
    LIMITED_COMPANY = "limited_company", _("limited liability company")
    JOINT_STOCK_COMPANY = "joint_stock_company", _("joint-stock company")
    SOLE_TRADER = "sole_trader", _("sole trader")
    LOCAL_GOVERNMENT = "local_government", _("local government unit")
    BUDGET_UNIT = "budget_unit", _("budget unit")
    CHURCH_LEGAL_PERSON = "church_legal_person", _("church legal person")
    UNIVERSITY = "university", _("public university")
    NO_LEGAL_PERSONALITY = "no_legal_personality", _("unit without legal personality")
    OTHER = "other", _("other")


class Organisation(TimeStampedModel):
    access_subregion_path = "gmina__subregion"

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    # Folded name (no case, diacritics or quotes): search and import matching use it.
    search_name = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    legal_form = models.CharField(
        _("legal form"), max_length=32, choices=LegalForm.choices, blank=True
    )
    nip = models.CharField(_("NIP"), max_length=10, null=True, blank=True)
    regon = models.CharField(_("REGON"), max_length=14, null=True, blank=True)
    krs = models.CharField(_("KRS"), max_length=10, null=True, blank=True)
    kgw_number = models.CharField(
        _("KGW register number (ARiMR)"), max_length=32, null=True, blank=True
    )
    operator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_units",
        verbose_name=_("operator"),
        help_text=_("For WTZ, ZAZ, CIS and KIS: the organisation that runs the unit."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True, db_index=True)
    # Folded town, so ?search= "bialystok" finds "Białystok" (like ``search_name``).
    search_town = models.CharField(
        max_length=100, editable=False, default="", db_default="", db_index=True
    )
    gmina = models.ForeignKey(
        Gmina,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("gmina"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    website = WebsiteField(_("website"), blank=True)
    offer = models.TextField(_("offer (products and services)"), blank=True)
    is_public = models.BooleanField(
        _("listed in the public catalogue"),
        default=False,
        help_text=_("Only with the organisation's consent."),
    )
    serves_subregions = models.ManyToManyField(
        Subregion,
        blank=True,
        related_name="owes",
        verbose_name=_("subregions served (OWES)"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["search_name", "search_town", "updated_at"])

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=Q(nip__isnull=False),
                name="organisation_nip_unique",
                violation_error_code="nip_taken",
                violation_error_message=_("An organisation with this NIP already exists."),
            ),
            models.UniqueConstraint(
                fields=["regon"],
                condition=Q(regon__isnull=False),
                name="organisation_regon_unique",
                violation_error_code="regon_taken",
                violation_error_message=_("An organisation with this REGON already exists."),
            ),
            models.UniqueConstraint(
                fields=["krs"],
                condition=Q(krs__isnull=False),
                name="organisation_krs_unique",
                violation_error_code="krs_taken",
                violation_error_message=_("An organisation with this KRS already exists."),
            ),
            models.UniqueConstraint(
                fields=["kgw_number"],
                condition=Q(kgw_number__isnull=False),
                name="organisation_kgw_number_unique",
                violation_error_code="kgw_number_taken",
                violation_error_message=_(
                    "An organisation with this KGW register number already exists."
                ),
            ),
            models.CheckConstraint(condition=~Q(nip=""), name="organisation_nip_null_not_blank"),
            models.CheckConstraint(
                condition=~Q(regon=""), name="organisation_regon_null_not_blank"
            ),
            models.CheckConstraint(condition=~Q(krs=""), name="organisation_krs_null_not_blank"),
            dates_in_order("founded_on", "closed_on", name="organisation_dates_in_order"),
            models.CheckConstraint(
                condition=~Q(operator=F("id")), name="organisation_not_own_operator"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "gmina"]),
            models.Index(Lower("email"), name="organisation_email_lower"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return sector_of(self.kind)

    @property
    def is_pes(self) -> bool:
        return self.kind in PES_KINDS

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.founded_on is None or self.founded_on <= day) and (
            self.closed_on is None or day < self.closed_on
        )

    def _normalise_identifiers(self) -> dict[str, ValidationError]:
        # Imported here: identifiers uses gettext at call time and must not load at import.
        from contacts.identifiers import normalise_krs, normalise_nip, normalise_regon

        errors: dict[str, ValidationError] = {}
        for name, normalise in (
            ("nip", normalise_nip),
            ("regon", normalise_regon),
            ("krs", normalise_krs),
        ):
            value = getattr(self, name)
            if value in (None, ""):
                setattr(self, name, None)
                continue
            try:
                setattr(self, name, normalise(value))
            except ValidationError as error:
                errors[name] = error
        if self.kgw_number == "":
            self.kgw_number = None
        return errors

    def clean_fields(self, exclude: Any = None) -> None:
        """Identifiers are normalised first, so ``PL 972-007-89-86`` fits its 10 characters."""
        errors: dict[str, Any] = self._normalise_identifiers()
        try:
            super().clean_fields(exclude=set(exclude or ()) | set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Any = None) -> None:
        """A taken identifier is reported on its field, where the form shows it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            remapped: dict[str, list[ValidationError]] = {}
            for key, items in error.error_dict.items():
                for item in items:
                    code = item.code or ""
                    field = code.removesuffix("_taken") if code.endswith("_taken") else key
                    remapped.setdefault(field, []).append(item)
            raise ValidationError(remapped) from error

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.operator_id and self.pk and self.operator_id == self.pk:
            errors["operator"] = ValidationError(_("An organisation cannot operate itself."))
        if self.closed_on and self.founded_on and self.closed_on < self.founded_on:
            errors["closed_on"] = ValidationError(_("Closed before it was founded."))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.search_name = fold(self.name)[:300]
        self.search_town = fold(self.town)[:100]
        if self.email:
            self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


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


class Person(TimeStampedModel):
    """A contact person, with the GDPR record of why and how we hold their data."""

    access_subregion_path = "affiliations__organisation__gmina__subregion"
    access_personal_data = True

    class LegalBasis(models.TextChoices):
        PUBLIC_TASK = "public_task", _("public task (art. 6(1)(e) GDPR)")
        LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (art. 6(1)(c) GDPR)")
        CONSENT = "consent", _("consent (art. 6(1)(a) GDPR)")

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
    )
    source = models.CharField(
        _("source of the data"),
        max_length=200,
        blank=True,
        help_text=_("Where the data came from, e.g. an import batch or a meeting."),
    )
    informed_at = models.DateTimeField(
        _("informed at"),
        null=True,
        blank=True,
        help_text=_("When the person received the GDPR information notice (art. 13 / 14)."),
    )
    restricted = models.BooleanField(
        _("processing restricted"),
        default=False,
        help_text=_("Art. 18 GDPR: keep the data, but do not use it."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(email__isnull=False), name="person_email_unique"
            ),
            models.CheckConstraint(condition=~Q(email=""), name="person_email_null_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.email:
            self.email = self.email.strip().lower()
        else:
            self.email = None

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.email = self.email.strip().lower() if self.email else None
        super().save(*args, **kwargs)


class Consent(TimeStampedModel):
    access_subregion_path = "person__affiliations__organisation__gmina__subregion"
    access_personal_data = True

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            dates_in_order(
                "given_on", "withdrawn_on", name="consent_dates_in_order", start_may_be_empty=False
            )
        ]

    def __str__(self) -> str:
        return self.purpose


class Affiliation(TimeStampedModel):
    access_subregion_path = "organisation__gmina__subregion"
    access_personal_data = True

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-is_primary", "person"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            dates_in_order("started_on", "ended_on", name="affiliation_dates_in_order"),
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(ended_on__isnull=True),
                name="affiliation_one_current_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation} ({self.role})"


# Saved views of the organisation list live in their own module; Django finds them here.
from contacts.saved_views import SavedView  # noqa: E402, F401
