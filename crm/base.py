"""The shared model base every core model stands on."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from crm.scoping import ScopedManager, unscoped


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class CreatedByModel(models.Model):
    """Who created the row: set once by the create service, kept when that user is deleted."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class ScopedModel(models.Model):
    """A model that access reaches through ``access_subregion_path`` / ``access_personal_data``.

    Its default manager refuses to query until ``crm.access.scope()`` marked the queryset (see
    ``crm.scoping``); ``tests/crm/test_scoping.py`` checks that every model declaring either
    attribute stands on this base.
    """

    objects = ScopedManager()

    class Meta:
        abstract = True

    # Uniqueness and constraints hold for every row, not only for the rows the current user
    # sees: a NIP taken in another subregion is still taken. Django checks them through the
    # default manager, so they run unscoped (ModelForms and full_clean() call these).
    def validate_unique(self, exclude: Any = None) -> None:
        with unscoped("uniqueness is checked against every row"):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude: Any = None) -> None:
        with unscoped("constraints are checked against every row"):
            super().validate_constraints(exclude=exclude)


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
