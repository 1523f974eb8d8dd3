"""Reading tags: suggestions for a form, a record's tags, the managers' overview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, QuerySet

from crm import access
from crm.tags.models import Tag
from crm.tags.registry import Tagged, tagged_models

SUGGESTIONS = 500


def tag_suggestions() -> list[str]:
    """Names offered while typing a tag (names are not personal data: everyone may read them)."""
    return list(Tag.objects.order_by("name").values_list("name", flat=True)[:SUGGESTIONS])


def tags_of(record: Model) -> list[Tag]:
    """The record's tags (the caller read ``record`` through scope(), so they may see them)."""
    return list(record.tags.order_by("name"))  # type: ignore[attr-defined]


@dataclass
class TagUse:
    tag: Tag
    counts: list[tuple[Tagged, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for _info, n in self.counts)


def tag_overview(*, user: Any) -> list[TagUse]:
    """Every tag with how many records of each kind ``user`` sees carry it (one query a kind)."""
    uses = {tag.pk: TagUse(tag) for tag in Tag.objects.order_by("name")}
    for info in tagged_models().values():
        column = info.record_column
        visible = access.scope(info.model._default_manager.all(), user).values("pk")
        counts = (
            info.through.objects.filter(**{f"{column}__in": visible})
            .values("tag")
            .annotate(n=Count("*"))
            .order_by()
        )
        for row in counts:
            if row["tag"] in uses:
                uses[row["tag"]].counts.append((info, row["n"]))
    return list(uses.values())


def tag_choices() -> QuerySet[Tag]:
    return Tag.objects.order_by("name")
