"""``{% documents_panel record %}``: the documents section of a record's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from crm import access
from crm.documents.checks import TYPES
from crm.documents.forms import DocumentForm
from crm.documents.selectors import documents_of
from crm.documents.services import may_delete

register = template.Library()


@register.inclusion_tag("crm/documents/panel.html", takes_context=True)
def documents_panel(context: dict[str, Any], record: Any) -> dict[str, Any]:
    user = context["request"].user
    documents = list(documents_of(record, user))
    for document in documents:
        # The panel's record is every document's owner: no look-up per row.
        document.removable = may_delete(user, document, record)  # type: ignore[attr-defined]
    return {
        "documents": documents,
        "record": record,
        "content_type": ContentType.objects.get_for_model(record).pk,
        "may_add": access.can(user, access.Action.CHANGE, record),
        "form": DocumentForm(),
        "allowed": ", ".join(sorted({f".{ext}" for ext in TYPES})),
        "limit": settings.DOCUMENT_MAX_MB,
        "csrf_token": context.get("csrf_token"),
    }
