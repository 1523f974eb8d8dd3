"""The shared model base every core model stands on."""

from typing import Any

from django.db import models
from django.db.models import F, Q
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


def dates_in_order(start: str, end: str, *, name: str, start_may_be_empty: bool = True) -> Any:
    """The database check that an optional ``end`` date is not before ``start``."""
    condition = Q(**{f"{end}__isnull": True})
    if start_may_be_empty:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return models.CheckConstraint(condition=condition, name=name)
