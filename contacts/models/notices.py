"""Art. 14 GDPR: how and when a person whose data came from someone else was informed.

A person records where their data came from (``Person.data_origin``); one from another source
(an OWES's list, a colleague, a register) is owed the art. 14 notice by ``Person.notice_due_on``
(a month after the data arrived, art. 14(3)(a)) or at the first contact with them if that is
earlier (art. 14(3)(b)). Each way the duty was met is one ``PrivacyNotice``: an e-mail sent by a
worker from the Polish template, "informed another way" with a note, or an art. 14(5) exemption
with its reason. ``Person.informed_at`` keeps the moment for lists and the API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models.people import Person
from crm.base import ScopedModel, TimeStampedModel


class NoticeMethod(models.TextChoices):
    EMAIL = "email", _("by e-mail")
    OTHER = "other", _("another way")
    EXEMPT = "exempt", _("exempt (art. 14(5) GDPR)")


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    DONE = "done", _("done")
    FAILED = "failed", _("not delivered")


class NoticeExemption(models.TextChoices):
    """The cases of art. 14(5) GDPR in which the notice is not owed."""

    HAS_INFORMATION = "has_information", _("the person already has the information (art. 14(5)(a))")
    DISPROPORTIONATE = (
        "disproportionate",
        _("impossible or would need a disproportionate effort (art. 14(5)(b))"),
    )
    LAID_DOWN_BY_LAW = "by_law", _("obtaining or disclosure laid down by law (art. 14(5)(c))")
    SECRECY = "secrecy", _("professional secrecy (art. 14(5)(d))")


# A notice that counts: the person was told, or need not be.
SETTLED = Q(status=NoticeStatus.DONE)
# An e-mail on its way: not queued a second time.
IN_FLIGHT = Q(status__in=[NoticeStatus.QUEUED, NoticeStatus.SENDING])


class PrivacyNotice(ScopedModel, TimeStampedModel):
    access_subregion_path = "person__affiliations__organisation__gmina__subregion"
    access_personal_data = True
    access_withheld = Q(person__restricted=True)

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="privacy_notices",
        verbose_name=_("person"),
    )
    method = models.CharField(_("how"), max_length=10, choices=NoticeMethod.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DONE
    )
    informed_at = models.DateTimeField(
        _("informed at"),
        null=True,
        blank=True,
        help_text=_("When the e-mail went out, the person was told, or the exemption recorded."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    exemption = models.CharField(
        _("exemption"), max_length=20, choices=NoticeExemption.choices, blank=True
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("How the person was informed, or why the exemption applies."),
    )
    # The worker's claim on an e-mail (exactly once, see contacts.services.notices).
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # The class and code of the last delivery error, never its message (it may quote addresses).
    error = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("art. 14 notice")
        verbose_name_plural = _("art. 14 notices")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=IN_FLIGHT, name="privacy_notice_one_in_flight"
            ),
            models.CheckConstraint(
                condition=~Q(method=NoticeMethod.EXEMPT) | ~Q(exemption=""),
                name="privacy_notice_exemption_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(method=NoticeMethod.EMAIL) | Q(exemption=""),
                name="privacy_notice_email_not_exempt",
            ),
            models.CheckConstraint(
                condition=~Q(status=NoticeStatus.DONE) | Q(informed_at__isnull=False),
                name="privacy_notice_done_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="privacy_notice_claim")]

    def __str__(self) -> str:
        return str(self.get_method_display())
