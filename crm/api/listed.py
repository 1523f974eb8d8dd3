"""Many-to-many fields of a list read from plain lists, not from the relation.

A prefetch into the relation itself (``prefetch_related("staff")``) makes Django build a
filtered queryset for every row to hold what it read: for a page of 200 contacts with four
such relations, 800 querysets, most of the request. ``listed_prefetch`` reads the same rows in
one query into a plain list on each row (``<relation>_listed``), and a field made by
``listed_many`` shows that list, or the relation when a record was read without it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField, RelatedField


def listed_name(relation: str) -> str:
    """Where ``listed_prefetch(relation, ...)`` puts a row's related objects."""
    return f"{relation}_listed"


def listed_prefetch(relation: str, queryset: QuerySet[Any]) -> Prefetch:
    """The ``relation`` of every row of a list in one query, as a plain list per row."""
    return Prefetch(relation, queryset=queryset, to_attr=listed_name(relation))


class ListedManyRelatedField(ManyRelatedField):
    """DRF's ``many=True`` field, reading the row's listed objects when it has them."""

    def get_attribute(self, instance: Any) -> Any:
        listed = getattr(instance, listed_name(str(self.source)), None)
        return listed if listed is not None else super().get_attribute(instance)


def listed_many(field_class: type[RelatedField], **kwargs: Any) -> ListedManyRelatedField:  # type: ignore[type-arg]
    """``field_class(many=True, **kwargs)`` as a ``ListedManyRelatedField``: the list's own
    arguments go to it and every argument to each item's field, as DRF's ``many_init`` does."""
    many = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
    return ListedManyRelatedField(child_relation=field_class(**kwargs), **many)
