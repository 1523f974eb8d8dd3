"""The shared model base every core model stands on."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class WebsiteField(models.URLField):
    """A URL field whose forms assume https:// for a bare ``example.pl`` (Django 6's default)."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
