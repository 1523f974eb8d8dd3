"""The action log: one row for every visible change a service makes."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionLog(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    verb = models.CharField(_("action"), max_length=100, db_index=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("action log entry")
        verbose_name_plural = _("action log")
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"


class AccessLog(models.Model):
    """One person's data seen by one user: who, when, which person (by id) and how.

    Ids only, never a name: the log outlives an anonymisation (it names nobody) and is kept by
    the retention rules (``ACCESS_LOG_YEARS``). ``person_id`` is a plain number, not a foreign
    key, so that deleting or merging a person never deletes the record that someone saw them.
    """

    class What(models.TextChoices):
        PAGE = "page", _("person's page")
        LIST = "list", _("list of people")
        API = "api", _("API record")
        API_LIST = "api_list", _("API list of people")
        ART15 = "art15", _("art. 15 export")
        EXPORT = "export", _("list export")
        SEARCH = "search", _("search results")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"))
    person_id = models.PositiveBigIntegerField(_("person"))
    what = models.CharField(_("how"), max_length=8, choices=What.choices)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("access to personal data")
        indexes = [
            models.Index(fields=["person_id", "-at"], name="accesslog_person"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
            models.Index(fields=["at"], name="accesslog_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.what} #{self.person_id}"
