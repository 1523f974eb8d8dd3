"""The models that have tags, found by their ``TagsField`` (no app is named here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models

from crm.tags.models import TagsField


@dataclass(frozen=True)
class Tagged:
    label: str  # "contacts.organisation"
    model: type[models.Model]
    field: TagsField

    @property
    def through(self) -> Any:
        return self.field.remote_field.through

    @property
    def record_column(self) -> str:
        """The through table's column naming the record (``organisation_id``)."""
        return self.field.m2m_field_name() + "_id"

    @property
    def verbose_name_plural(self) -> Any:
        return self.model._meta.verbose_name_plural


@cache
def tagged_models() -> dict[str, Tagged]:
    found = {}
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            if isinstance(field, TagsField):
                found[model._meta.label_lower] = Tagged(model._meta.label_lower, model, field)
    return found


def tagged(model: type[models.Model]) -> Tagged:
    return tagged_models()[model._meta.label_lower]
