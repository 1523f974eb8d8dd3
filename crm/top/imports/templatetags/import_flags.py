"""``{% import_flags batch %}``: the rows of a batch that wait for a decision, on its page."""

from __future__ import annotations

from typing import Any

from django import template

from crm import access
from crm.top.imports.selectors import FLAGS_SHOWN, batch_flags

register = template.Library()


@register.inclusion_tag("imports/_flags.html", takes_context=True)
def import_flags(context: dict[str, Any], batch: Any) -> dict[str, Any]:
    user = context["request"].user
    flags, open_count = batch_flags(user, batch.pk)
    return {
        "batch": batch,
        "flags": flags,
        "open_count": open_count,
        "more": len(flags) == FLAGS_SHOWN,
        "may_decide": access.has_capability(user, "imports.run"),
        "csrf_token": context.get("csrf_token"),
    }
