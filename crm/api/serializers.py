"""The API's ModelSerializer: DRF's, with its fields worked out once per class.

DRF builds a ModelSerializer's fields anew for every serializer made, reading the model's
fields and turning each into a serializer field: a few milliseconds a request, on a list and
on a detail alike. Here the first serializer of a class keeps what was built and every later
one starts from a deep copy of it (the fields are bound to their serializer and the scoped
viewsets narrow their querysets per user, so each serializer still has fields of its own).
Nothing a class builds depends on the request: ``get_fields`` of a subclass that looks at its
context runs after this one, on the copy.

A row is written out the same way as by DRF, except that a field showing one column of the row
itself reads it with ``getattr`` instead of DRF's general path (dotted sources, callables,
defaults): most of a list's fields, and a tenth of a page of 200 organisations. A plain
``PrimaryKeyRelatedField`` of a foreign key reads the row's ``<field>_id`` and shows it as it is:
DRF's path to the same number (``serializable_value``, a ``PKOnlyObject``) was a tenth of a page
of 200 partnerships, whose two origin ids are most rows' only related fields. A timestamp
shown in ISO 8601 is moved to the request's time zone, looked up once per serializer instead of
once per value (asgiref's context-local lookup), and written out as DRF writes it.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from django.db import models
from rest_framework import ISO_8601, serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject, PrimaryKeyRelatedField, RelatedField
from rest_framework.settings import api_settings

M = TypeVar("M", bound=models.Model)

_BUILT: dict[type, dict[str, Any]] = {}

# How a row shows a field: through DRF, a column through the field, a column as it is, a
# timestamp in the zone of the plan.
_THROUGH_FIELD, _COLUMN, _AS_IS, _TIMESTAMP = 0, 1, 2, 3


class ModelSerializer(serializers.ModelSerializer[M]):
    def get_fields(self) -> dict[str, Any]:
        built = _BUILT.get(type(self))
        if built is None:
            built = _BUILT[type(self)] = super().get_fields()
        return copy.deepcopy(built)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        plan = self.__dict__.get("_row_plan")
        if plan is None:
            plan = self.__dict__["_row_plan"] = self._plan_row()
        row: dict[str, Any] = {}
        for name, field, how, column, zone in plan:
            if how == _AS_IS:
                row[name] = getattr(instance, column)
                continue
            if how == _TIMESTAMP:
                attribute = getattr(instance, column)
                if attribute is not None and attribute.tzinfo is not None:
                    shown = attribute.astimezone(zone).isoformat()
                    row[name] = shown[:-6] + "Z" if shown.endswith("+00:00") else shown
                    continue
            elif how == _COLUMN:
                attribute = getattr(instance, column)
            else:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            row[name] = None if check is None else field.to_representation(attribute)
        return row

    def _plan_row(self) -> list[tuple[str, Any, int, str, Any]]:
        """(name, field, how, the column it reads, the time zone of a timestamp) for each field
        a row shows. A serializer lives for one request, so its time zone holds for its rows."""
        model: Any = self.Meta.model
        columns = {f.name for f in model._meta.concrete_fields if not f.is_relation}
        foreign_keys = {f.name: f.attname for f in model._meta.concrete_fields if f.many_to_one}
        plan: list[tuple[str, Any, int, str, Any]] = []
        for field in self._readable_fields:
            name = str(field.field_name)
            source = field.source_attrs[0] if len(field.source_attrs) == 1 else ""
            zone = _iso_zone(field)
            if zone is not None and source in columns:
                plan.append((name, field, _TIMESTAMP, source, zone))
            elif type(field).get_attribute is Field.get_attribute and source in columns:
                plan.append((name, field, _COLUMN, source, None))
            elif _shows_own_id(field) and source in foreign_keys:
                plan.append((name, field, _AS_IS, foreign_keys[source], None))
            else:
                plan.append((name, field, _THROUGH_FIELD, "", None))
        return plan


def _shows_own_id(field: Any) -> bool:
    """Whether DRF shows ``field`` as the related row's primary key, unchanged."""
    return (
        isinstance(field, PrimaryKeyRelatedField)
        and type(field).get_attribute is RelatedField.get_attribute
        and type(field).to_representation is PrimaryKeyRelatedField.to_representation
        and type(field).use_pk_only_optimization is PrimaryKeyRelatedField.use_pk_only_optimization
        and field.pk_field is None
    )


def _iso_zone(field: Any) -> Any:
    """The time zone DRF moves the values of ``field`` to before writing them in ISO 8601;
    None when ``field`` is not a plain ``DateTimeField`` shown that way."""
    if type(field) is not serializers.DateTimeField or "format" in field.__dict__:
        return None
    if str(api_settings.DATETIME_FORMAT).lower() != ISO_8601:
        return None
    return field.timezone if hasattr(field, "timezone") else field.default_timezone()
