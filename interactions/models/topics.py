"""The topics a contact in the log can be about: a small editable vocabulary."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A small editable vocabulary (social clauses, financing, ...) with a name per language."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "pl").split("-")[0]
        return self.name_en if language == "en" else self.name_pl
