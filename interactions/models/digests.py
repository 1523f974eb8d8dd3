"""The daily digest of open follow-ups: one e-mail a user a day, claimed before it is sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    EMPTY = "empty", _("nothing due")
    FAILED = "failed", _("failed")
    CAUGHT_UP = "caught_up", _("included in a later digest")


class FollowUpDigest(models.Model):
    """The one daily reminder e-mail of one user; the row is claimed before it is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follow_up_digests",
        verbose_name=_("user"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=16, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    follow_up_count = models.PositiveIntegerField(_("follow-ups in the e-mail"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    caught_up_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("included in"),
    )

    class Meta:
        ordering = ["-date", "user"]
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="digest_one_per_user_and_day"),
            models.CheckConstraint(
                condition=~Q(status=DigestStatus.SENT) | Q(sent_at__isnull=False),
                name="digest_sent_has_sent_at",
            ),
        ]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return f"{self.user} {self.date:%Y-%m-%d} {self.status}"
