"""What a merge of two organisations (or two people) changed, kept so that it can be undone
for 30 days."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models.organisations import Organisation
from contacts.models.people import Person
from crm.base import ScopedModel

UNDO_DAYS = 30


class MergeRecord(ScopedModel):
    """What every merge keeps: the duplicate as it was, the survivor's values before and after,
    every row that moved (and what a clash removed), who merged and who undid it."""

    # The duplicate's id: an undo gives it back its own id (links and addresses keep working).
    duplicate_id = models.BigIntegerField(_("merged record's id"))
    duplicate_name = models.CharField(_("merged record"), max_length=300)
    # The duplicate's row in Django's serialisation ("python" format), as it was before.
    duplicate_row = models.JSONField(encoder=DjangoJSONEncoder)
    # The survivor's values of the fields the merge set, before it set them.
    survivor_before = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    survivor_after = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    # [{"model": "app.Model", "field": "organisation", "pks": [...]}]: the rows moved over.
    moved = models.JSONField(default=list)
    # Rows the survivor already had an equal of (serialised): removed, restored by an undo.
    removed = models.JSONField(encoder=DjangoJSONEncoder, default=list)
    action_log = models.ForeignKey(
        "crm.ActionLog", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.duplicate_name} → {self.survivor_id}"  # type: ignore[attr-defined]

    @property
    def undo_until(self) -> datetime.datetime:
        return self.merged_at + datetime.timedelta(days=UNDO_DAYS)

    def can_be_undone(self) -> bool:
        return self.undone_at is None and timezone.now() < self.undo_until


class OrganisationMerge(MergeRecord):
    """A merge of two organisations."""

    access_subregion_path = "survivor__gmina__subregion"

    survivor = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="merges",
        verbose_name=_("organisation that stayed"),
    )

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("organisation merge")
        verbose_name_plural = _("organisation merges")


class PersonMerge(MergeRecord):
    """A merge of two records of one person. The duplicate's row holds their name and
    contacts, so it is personal data: seen only by those who see people, deleted with the
    survivor."""

    access_subregion_path = "survivor__affiliations__organisation__gmina__subregion"
    access_personal_data = True

    survivor = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="merges",
        verbose_name=_("person who stayed"),
    )

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")
