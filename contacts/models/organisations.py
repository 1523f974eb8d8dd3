"""Organisations: identifiers unique when present, address in a gmina, provenance of changes."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.kinds import (
    OPERATED_KINDS,
    PES_KINDS,
    LegalForm,
    OrganisationKind,
    sector_of,
)
from crm.base import CreatedByModel, ScopedModel, TimeStampedModel, WebsiteField, dates_in_order
from crm.tags.models import TagsField
from crm.territory.models import Gmina
from crm.text import POLISH, fold


class Organisation(ScopedModel, TimeStampedModel, CreatedByModel):
    access_subregion_path = "gmina__subregion"
    # The organisation's own consent to the public catalogue (crm.access.scope_public).
    access_public = Q(is_public=True)

    # Polish order (crm.text.POLISH): "Łomża" after "Lubin", "„Żubr”" after "Zambrów".
    name = models.CharField(_("name"), max_length=300, db_collation=POLISH)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    # Folded name (no case, diacritics or quotes): search and import matching use it.
    search_name = models.CharField(max_length=300, editable=False)
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
        help_text=_(
            "For a WTZ, ZAZ, CIS or KIS (required): the organisation that runs the unit. A "
            "unit without a NIP of its own carries its operator's."
        ),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True, db_collation=POLISH)
    # Folded town, so ?search= "bialystok" finds "Białystok" (like ``search_name``).
    search_town = models.CharField(max_length=100, editable=False, default="", db_default="")
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
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Nothing looks history rows up by when the organisation was created: no index to write.
    tags = TagsField(list_url="contacts:organisation_list")
    history = HistoricalRecords(
        excluded_fields=["search_name", "search_town", "updated_at"], no_db_index=["created_at"]
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # A WTZ, ZAZ, CIS or KIS has no NIP of its own and carries its operator's, so the
            # NIP is unique among organisations that no one runs; the services check that a
            # unit's NIP is its operator's or one nobody else has (contacts.services.units).
            models.UniqueConstraint(
                fields=["nip"],
                condition=Q(nip__isnull=False, operator__isnull=True),
                name="organisation_nip_unique",
                violation_error_code="nip_taken",
                violation_error_message=_("An organisation with this NIP already exists."),
            ),
            # One operator runs one unit of a kind under a name in a gmina: what the import
            # matches a unit by (contacts.services.units). No gmina counts as one value.
            models.UniqueConstraint(
                F("operator"),
                F("kind"),
                F("search_name"),
                Coalesce(F("gmina"), Value(0)),
                condition=Q(operator__isnull=False),
                name="organisation_unit_unique",
                violation_error_code="name_taken",
                violation_error_message=_(
                    "Its operator already runs a unit of this kind with this name in this gmina."
                ),
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
        # Every index is paid for on each insert (100k-row imports), so only what a query
        # uses. Plain btrees, not ``db_index=True``: on PostgreSQL that adds a second
        # ``varchar_pattern_ops`` index for LIKE 'prefix%', which nothing asks; ``?search=``
        # (``search_name`` / ``search_town`` LIKE '%word%') uses the trigram GIN indexes of
        # migrations 0004 and 0007, so ``search_town`` needs no btree at all.
        indexes = [
            models.Index(fields=["kind", "gmina"]),
            models.Index(Lower("email"), name="organisation_email_lower"),
            # NIP look-ups and import matching (nip = ANY(...)): the unique index leaves out
            # the units, which share their operator's NIP, so it cannot answer them alone.
            models.Index(fields=["nip"], name="organisation_nip"),
            # Import matching (search_name = ANY(...)) and duplicates.
            models.Index(fields=["search_name"], name="organisation_search_name"),
            # The lists' order: a page of 100k rows by name is read from it, in Polish order
            # (the column's collation), without sorting the table.
            models.Index(fields=["name", "id"], name="organisation_name"),
            # The list's "sort by town" column (?ordering=town orders the raw town): a page
            # of 100k rows is read in <1 ms from it, sorted in ~65 ms without it.
            models.Index(fields=["town"], name="organisation_town"),
            # The start page's counts and growth per subregion and kind read these columns of
            # every organisation: 6 MB in id order (an index-only merge with the memberships)
            # instead of the 37 MB table.
            models.Index(
                fields=["id"],
                include=["kind", "gmina", "founded_on", "closed_on"],
                name="organisation_kind_place",
            ),
            # The public catalogue counts its entries and lists their kinds from the listed
            # organisations alone (an index-only scan of 27,000 entries, not the table).
            models.Index(
                fields=["kind", "id"],
                include=["closed_on"],
                condition=Q(is_public=True),
                name="organisation_public",
            ),
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
        from crm.identifiers import normalise_krs, normalise_nip, normalise_regon

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
        # Set before the constraints are validated: the unit constraint compares it.
        self.search_name = fold(self.name)[:300]
        errors: dict[str, ValidationError] = {}
        operator = self.operator if self.operator_id else None
        if self.operator_id and self.pk and self.operator_id == self.pk:
            errors["operator"] = ValidationError(_("An organisation cannot operate itself."))
        elif operator is None and self.kind in OPERATED_KINDS:
            # WTZ and ZAZ are run by the entity that created them (the rehabilitation act,
            # art. 10a and 29); a CIS or KIS always by its founder, a gmina or an NGO (the
            # social employment act, art. 3 and 18): none of them exists without an operator,
            # even a CIS with a NIP of its own as a gmina's budget unit.
            errors["operator"] = ValidationError(
                _(
                    "%(kind)s: a unit without legal personality of its own; choose the "
                    "organisation that runs it."
                ),
                code="operator_required",
                params={"kind": capfirst(self.get_kind_display())},
            )
        elif operator is not None and self.kind not in OPERATED_KINDS:
            errors["operator"] = ValidationError(
                _("Only a WTZ, ZAZ, CIS or KIS is run by another organisation."),
                code="operator_not_allowed",
            )
        elif operator is not None and operator.operator_id:
            errors["operator"] = ValidationError(
                _("%(name)s is itself run by another organisation: choose the one that runs it."),
                code="operator_is_unit",
                params={"name": operator.name},
            )
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
