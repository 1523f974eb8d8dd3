"""``?tag=``: the same filter on every list that has tags, its page and its API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from crm.tags.models import tag_key


class TagFilter(django_filters.CharFilter):
    """Records with the tag, its name written in any case, with or without Polish letters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("tag"))
        kwargs.setdefault(
            "help_text", _("Name of a tag (any case, with or without Polish letters).")
        )
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        key = tag_key(value or "")
        if not key:
            return qs
        # One tag per record at most (a unique pair), so the join repeats no row.
        return qs.filter(**{f"{self.field_name}__key": key})


def tag_filter() -> TagFilter:
    return TagFilter(field_name="tags")
