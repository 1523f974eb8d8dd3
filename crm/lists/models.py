"""What a person made of a list: how it looks for them, and the filters they named."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListPreference(models.Model):
    """How one list looks for one person: rows a page, the sort, the columns they chose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="list_preferences",
        verbose_name=_("user"),
    )
    list_key = models.CharField(_("list"), max_length=40)
    page_size = models.PositiveSmallIntegerField(_("rows a page"), null=True, blank=True)
    ordering = models.CharField(_("sort"), max_length=60, blank=True)
    # Only the choices that differ from the list's defaults ({"nip": false}): a column added
    # later appears for everyone, whatever they chose before.
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("list preference")
        verbose_name_plural = _("list preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key"], name="list_preference_per_user")
        ]

    def __str__(self) -> str:
        return self.list_key


class SavedView(models.Model):
    """E.g. "PES bielski bez kontaktu od 6 mies.": a list's query string under a name."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    list_key = models.CharField(_("list"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    is_shared = models.BooleanField(
        _("shared with the team"), default=False, help_text=_("Everyone sees a shared view.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_key", "name"], name="saved_view_name_per_owner_and_list"
            )
        ]
        indexes = [models.Index(fields=["list_key", "is_shared"], name="saved_view_shared")]

    def __str__(self) -> str:
        return self.name
