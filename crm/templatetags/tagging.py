"""``{% record_tags record %}``: a record's tags as chips, with the form to add and remove them."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse

from crm import access
from crm.access import Action
from crm.tags import selectors
from crm.tags.registry import tagged

register = template.Library()


@register.inclusion_tag("tags/_record_tags.html", takes_context=True)
def record_tags(context: dict[str, Any], record: Model) -> dict[str, Any]:
    request = context["request"]
    may_change = access.can(request.user, Action.CHANGE, record)
    list_url = tagged(type(record)).field.list_url
    return {
        "list_url": reverse(list_url) if list_url else "",
        "record": record,
        "label": record._meta.label_lower,
        "tags": selectors.tags_of(record),
        "may_change": may_change,
        "suggestions": selectors.tag_suggestions() if may_change else [],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("tags/_row_tags.html")
def row_tags(record: Model) -> dict[str, Any]:
    """The tags of a list row, prefetched by the list's selector (``tags``)."""
    return {"tags": list(record.tags.all())}  # type: ignore[attr-defined]


@register.simple_tag
def tag_names() -> list[str]:
    """The names a list's tag filter suggests."""
    return selectors.tag_suggestions()
