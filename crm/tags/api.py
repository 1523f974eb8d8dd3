"""The ``tags`` field of every tagged record in the API: names, read only (they are added and
taken off on the record's page, from the lists' bulk actions, or managed on the tag page)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def tags_field() -> Any:
    return serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="name",
        help_text=_("The record's tags; filter lists with ?tag=NAME."),
    )
