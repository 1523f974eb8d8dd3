"""The API's ModelSerializer: DRF's, with its fields worked out once per class.

DRF builds a ModelSerializer's fields anew for every serializer made, reading the model's
fields and turning each into a serializer field: a few milliseconds a request, on a list and
on a detail alike. Here the first serializer of a class keeps what was built and every later
one starts from a deep copy of it (the fields are bound to their serializer and the scoped
viewsets narrow their querysets per user, so each serializer still has fields of its own).
Nothing a class builds depends on the request: ``get_fields`` of a subclass that looks at its
context runs after this one, on the copy.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from django.db import models
from rest_framework import serializers

M = TypeVar("M", bound=models.Model)

_BUILT: dict[type, dict[str, Any]] = {}


class ModelSerializer(serializers.ModelSerializer[M]):
    def get_fields(self) -> dict[str, Any]:
        built = _BUILT.get(type(self))
        if built is None:
            built = _BUILT[type(self)] = super().get_fields()
        return copy.deepcopy(built)
