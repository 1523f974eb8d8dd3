"""A related row shown by one of its columns, read as a column of the list's own query.

A ``SlugRelatedField`` (an event's gmina as its TERC code) needs the related object: joined
with ``select_related``, that is a second model instance built for every row, for one string.
``annotated_slug(field)`` names the annotation a queryset adds for it (``<field>_<slug>``, e.g.
``F("gmina__code")``), and ``AnnotatedSlugRelatedField`` shows that value when the row has it,
or reads the related object as DRF does when a record was read without it (a fresh record).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def annotated_slug(field: str, slug_field: str) -> str:
    """The annotation ``AnnotatedSlugRelatedField`` reads for ``field`` shown by ``slug_field``."""
    return f"{field}_{slug_field}"


class _Slug(str):
    """A slug read from the row's annotation, already as shown."""

    __slots__ = ()


class AnnotatedSlugRelatedField(serializers.SlugRelatedField):  # type: ignore[type-arg]
    def get_attribute(self, instance: Any) -> Any:
        name = annotated_slug(str(self.source), str(self.slug_field))
        if name in instance.__dict__:
            value = instance.__dict__[name]
            return None if value is None else _Slug(value)
        return super().get_attribute(instance)

    def to_representation(self, obj: Any) -> Any:
        return str(obj) if isinstance(obj, _Slug) else super().to_representation(obj)
