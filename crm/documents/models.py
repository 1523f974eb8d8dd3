"""One row per attached file; the file itself lives in the ``documents`` storage."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def documents_storage() -> Storage:
    """The ``documents`` alias of STORAGES, looked up when used (a callable keeps the choice
    of store out of the migrations)."""
    return storages["documents"]


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement")
    STATUTE = "statute", _("statute")
    APPOINTMENT = "appointment", _("appointment letter")
    ATTENDANCE = "attendance", _("attendance list")
    STRATEGY = "strategy", _("strategy")
    OTHER = "other", _("other")


# Kinds that name or show people (signatures, appointed representatives): only the roles that
# see personal data download them, and viewers see neither their name nor that they exist.
PERSONAL_KINDS = frozenset({DocumentKind.APPOINTMENT, DocumentKind.ATTENDANCE})


class Document(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # A random key in the storage, never the file's own name (crm.documents.services).
    file = models.FileField(_("file"), max_length=200, storage=documents_storage)
    size = models.PositiveBigIntegerField(_("size"))
    media_type = models.CharField(_("media type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_owner")]

    def __str__(self) -> str:
        return self.name

    @property
    def personal(self) -> bool:
        return self.kind in PERSONAL_KINDS
