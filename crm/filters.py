"""What every app's FilterSets share (the list pages and the API use the same FilterSets)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdFilter(django_filters.NumberFilter):
    """A primary key: a whole number within the range of a database id, or a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the current time zone: compares with indexed timestamps."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ChangedSinceFilterSet(django_filters.FilterSet):
    """``?changed_since=``: rows changed on or after that day, for clients that sync."""

    changed_since = django_filters.DateFilter(
        method="filter_changed_since", label=_("changed since")
    )

    def filter_changed_since(
        self, queryset: QuerySet[Any], name: str, value: datetime.date | None
    ) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(updated_at__gte=start_of_day(value))


class IdListFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """``?id=12,15,40``: those rows only (a selection on a list page, exported)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "id")
        kwargs.setdefault("label", _("ids"))
        kwargs.setdefault("help_text", _("Record ids separated by commas."))
        super().__init__(*args, **kwargs)
