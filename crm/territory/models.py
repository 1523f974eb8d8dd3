"""Territory: powiats, gminas (TERC) and the four social-economy subregions."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from crm.base import dates_in_order
from crm.text import POLISH


class Subregion(models.Model):
    """A social-economy subregion, served by one OWES; mapped at gmina level."""

    slug = models.SlugField(_("slug"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True, db_collation=POLISH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("subregion")
        verbose_name_plural = _("subregions")

    def __str__(self) -> str:
        return self.name


class TerritorialUnit(models.Model):
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Empty while the unit exists.")
    )

    class Meta:
        abstract = True

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Powiat(TerritorialUnit):
    code = models.CharField(_("TERC code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100, db_collation=POLISH)
    is_city = models.BooleanField(_("city with powiat rights"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("powiat")
        verbose_name_plural = _("powiats")
        constraints = [dates_in_order("valid_from", "valid_to", name="powiat_validity_in_order")]

    def __str__(self) -> str:
        return str(_("city %(name)s") % {"name": self.name}) if self.is_city else self.name


class Gmina(TerritorialUnit):
    class Kind(models.TextChoices):
        URBAN = "urban", _("urban gmina")
        RURAL = "rural", _("rural gmina")
        URBAN_RURAL = "urban_rural", _("urban-rural gmina")

    # GUS "RODZ" digit of each kind.
    RODZ = {"1": Kind.URBAN, "2": Kind.RURAL, "3": Kind.URBAN_RURAL}

    code = models.CharField(_("TERC code"), max_length=7, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True, db_collation=POLISH)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    powiat = models.ForeignKey(
        Powiat, on_delete=models.PROTECT, related_name="gminas", verbose_name=_("powiat")
    )
    subregion = models.ForeignKey(
        Subregion,
        on_delete=models.PROTECT,
        related_name="gminas",
        null=True,
        blank=True,
        verbose_name=_("subregion"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("gmina")
        verbose_name_plural = _("gminas")
        constraints = [dates_in_order("valid_from", "valid_to", name="gmina_validity_in_order")]

    # What a list says after the name: twelve towns share their name with the rural gmina
    # around them ("Augustów (miasto)", "Augustów (gmina wiejska)").
    SHORT_KINDS = {
        Kind.URBAN: pgettext_lazy("an urban gmina", "town"),
        Kind.RURAL: _("rural gmina"),
        Kind.URBAN_RURAL: _("urban-rural gmina"),
    }

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name with the kind of gmina: how every list, select and chip names it."""
        return self.label(self.name, self.kind)

    @classmethod
    def label(cls, name: str, kind: str) -> str:
        """``display_name`` of a gmina read as values (``gmina__name``, ``gmina__kind``)."""
        short = cls.SHORT_KINDS.get(kind)  # type: ignore[call-overload]
        return f"{name} ({short})" if short else name
