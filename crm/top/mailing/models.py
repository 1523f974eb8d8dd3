"""A message to a selection and its recipients, one row each, claimed one at a time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Person
from crm.base import ScopedModel, TimeStampedModel
from interactions.models import Event
from networks.models import Network


class Source(models.TextChoices):
    ORGANISATIONS = "organisations", _("organisations from the list")
    PEOPLE = "people", _("people from the list")
    NETWORK = "network", _("members of a network")
    EVENT = "event", _("participants of an event")


class Mailing(TimeStampedModel):
    """One message (a template with placeholders) to the recipients chosen from ``source``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        DONE = "done", _("sent")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    source = models.CharField(_("recipients"), max_length=16, choices=Source.choices)
    # The names of the list's filters (never what was typed in them: a search may be a name).
    filter_names = models.JSONField(_("filters"), default=list, blank=True)
    network = models.ForeignKey(
        Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
        help_text=_("Fills {{ wydarzenie }} and {{ data_wydarzenia }}."),
    )
    # Where the unsubscribe links point (the address the message was written at).
    site_url = models.CharField(max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    # The sending's sign of life: the watchdog publishes it again when this grows old.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail to a selection")
        verbose_name_plural = _("e-mails to a selection")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="mailing_status")]

    def __str__(self) -> str:
        return self.subject


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped")


class SkipReason(models.TextChoices):
    NO_ADDRESS = "no_address", _("no e-mail address")
    REFUSED = "refused", _("refused e-mail")
    NO_CONSENT = "no_consent", _("no consent in force")
    RESTRICTED = "restricted", _("processing restricted (art. 18 GDPR)")
    CLOSED = "closed", _("organisation closed")
    DUPLICATE = "duplicate", _("the same address once more")


class Recipient(ScopedModel, TimeStampedModel):
    """One recipient of a mailing: a person, or an organisation at its own address."""

    access_subregion_path = "organisation__gmina__subregion"
    access_personal_data = True
    access_withheld = Q(person__restricted=True)

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("e-mail")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("person"),
    )
    # The organisation written to, or the one the person is there for (their membership, their
    # participation, their affiliation): it fills {{ organizacja }} and holds the timeline entry.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("organisation"),
    )
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    # The subject as this recipient got it (placeholders filled), for their timeline.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    skip_reason = models.CharField(
        _("reason"), max_length=16, choices=SkipReason.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The kind of failure (an exception's name, an SMTP code): never the server's text.
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ["mailing", "id"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="mailing_recipient_person_or_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["mailing", "status"], name="mailing_recipient_status"),
            models.Index(fields=["organisation", "sent_at"], name="mailing_recipient_org"),
            models.Index(fields=["person", "sent_at"], name="mailing_recipient_person"),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id}/{self.pk}"


class OrganisationOptOut(TimeStampedModel):
    """An organisation's address that asked for no more e-mail (people refuse in their
    consents, ``contacts.services.email_refusals``)."""

    # A named relation, not "+": the organisation merge moves the rows it finds through the
    # reverse relations, and a hidden one would let the refusal cascade away with a duplicate.
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="email_opt_out",
        verbose_name=_("organisation"),
    )
    recipient = models.ForeignKey(Recipient, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("organisation's refusal of e-mail")
        verbose_name_plural = _("organisations' refusals of e-mail")
