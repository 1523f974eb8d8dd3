"""People with their GDPR record, their consents and affiliations to organisations."""

from __future__ import annotations

import calendar
import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models.organisations import Organisation
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from crm.tags.models import TagsField
from crm.text import POLISH


def notice_due_from(obtained: datetime.date) -> datetime.date:
    """Art. 14(3)(a) GDPR: "at the latest within one month" of obtaining the data, counted as
    Regulation 1182/71 counts months: the same day of the next month, or its last day."""
    year, month = (
        (obtained.year + 1, 1) if obtained.month == 12 else (obtained.year, obtained.month + 1)
    )
    return datetime.date(year, month, min(obtained.day, calendar.monthrange(year, month)[1]))


class Person(ScopedModel, TimeStampedModel):
    """A contact person, with the GDPR record of why and how we hold their data."""

    access_subregion_path = "affiliations__organisation__gmina__subregion"
    access_personal_data = True
    # Art. 18 GDPR: a restricted person is stored only, seen by managers and administrators.
    access_withheld = Q(restricted=True)

    class LegalBasis(models.TextChoices):
        PUBLIC_TASK = "public_task", _("public task (art. 6(1)(e) GDPR)")
        LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (art. 6(1)(c) GDPR)")
        CONSENT = "consent", _("consent (art. 6(1)(a) GDPR)")

    class DataOrigin(models.TextChoices):
        """Art. 13 (collected from the person, who is told then) or art. 14 (from someone
        else: an OWES's list, a colleague, a register; the person is owed a notice)."""

        FROM_PERSON = "person", _("from the person (art. 13 GDPR)")
        ELSEWHERE = "elsewhere", _("from another source (art. 14 GDPR)")

    first_name = models.CharField(_("first name"), max_length=100, blank=True, db_collation=POLISH)
    last_name = models.CharField(_("last name"), max_length=150, db_collation=POLISH)
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
    data_origin = models.CharField(
        _("data obtained"),
        max_length=10,
        choices=DataOrigin.choices,
        default=DataOrigin.FROM_PERSON,
        help_text=_(
            "From another source (an OWES's list, a colleague, a register): the person must be "
            "informed within a month (art. 14 GDPR)."
        ),
    )
    # Art. 14(3)(a): a month after the data arrived; set when the person is recorded as
    # coming from another source (contacts.services.notices.notice_due_on).
    notice_due_on = models.DateField(_("notice due by"), null=True, blank=True, editable=False)
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
    restricted_at = models.DateTimeField(_("restricted since"), null=True, blank=True)
    restriction_reason = models.CharField(
        _("reason for the restriction"),
        max_length=300,
        blank=True,
        help_text=_(
            "Art. 18(1) GDPR, e.g. the person contests the accuracy of the data, or objected "
            "to the processing and the objection is being considered."
        ),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = TagsField(list_url="contacts:person_list")
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
        # The public catalogue withholds an organisation's e-mail or phone that is also a
        # person's: a look-up per shown organisation instead of reading every person.
        indexes = [
            models.Index(Upper("email"), name="person_email_upper"),
            models.Index(fields=["phone"], name="person_phone"),
            # The people still owed the art. 14 notice, counted on every visit of the start
            # page: a few entries instead of a scan of every person.
            models.Index(
                fields=["notice_due_on"],
                condition=Q(
                    data_origin="elsewhere", informed_at__isnull=True, anonymised_at__isnull=True
                ),
                name="person_notice_owed",
            ),
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
        if self.data_origin == self.DataOrigin.ELSEWHERE and self.notice_due_on is None:
            obtained = timezone.localdate(self.created_at) if self.created_at else None
            self.notice_due_on = notice_due_from(obtained or timezone.localdate())
        super().save(*args, **kwargs)


class Consent(ScopedModel, TimeStampedModel):
    access_subregion_path = "person__affiliations__organisation__gmina__subregion"
    access_personal_data = True
    access_withheld = Q(person__restricted=True)

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


class Affiliation(ScopedModel, TimeStampedModel):
    access_subregion_path = "organisation__gmina__subregion"
    access_personal_data = True
    access_withheld = Q(person__restricted=True)

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
