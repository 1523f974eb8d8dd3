"""Reading documents: through the record they belong to, as ``crm.access`` scopes it.

Whoever sees the record sees its documents, except the kinds that show people
(``PERSONAL_KINDS``), which only the roles seeing personal data see at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from crm import access
from crm.documents.models import PERSONAL_KINDS, Document
from crm.documents.registry import attachable


def _visible(user: Any, model: type[models.Model], pk: int) -> bool:
    return access.scope(model._default_manager.filter(pk=pk), user).exists()


def _by_role(documents: QuerySet[Document], user: Any) -> QuerySet[Document]:
    if access.has_capability(user, "personal_data.view"):
        return documents
    return documents.exclude(kind__in=PERSONAL_KINDS)


def documents_of(owner: models.Model, user: Any) -> QuerySet[Document]:
    """The documents of ``owner`` that ``user`` may see (none when the record is not theirs)."""
    if attachable(type(owner)) is None or not _visible(user, type(owner), owner.pk):
        return Document.objects.none()
    content_type = ContentType.objects.get_for_model(owner)
    documents = Document.objects.filter(content_type=content_type, object_id=owner.pk)
    return _by_role(documents.select_related("uploaded_by"), user)


def document_for(user: Any, pk: int) -> Document | None:
    """The document ``pk`` if ``user`` may download it, else None (the page says 404)."""
    document = _by_role(Document.objects.filter(pk=pk), user).select_related("content_type").first()
    if document is None:
        return None
    model = document.content_type.model_class()
    if model is None or attachable(model) is None or not _visible(user, model, document.object_id):
        return None
    return document
