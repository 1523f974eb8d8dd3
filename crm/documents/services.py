"""Adding and removing documents: every change checked against the record and logged.

The action log names the record and the document's id and kind, never the file's name (an
attendance list is often named after the people on it).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext as _

from crm import access
from crm.audit.services import action_log_write
from crm.documents.checks import check_file, clean_name, extension
from crm.documents.models import Document, DocumentKind, documents_storage
from crm.documents.registry import attachable


def _digest(handle: IO[bytes]) -> str:
    handle.seek(0)
    sha = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        sha.update(chunk)
    handle.seek(0)
    return sha.hexdigest()


def document_add(
    *,
    actor: Any,
    owner: models.Model,
    upload: Any,
    kind: str,
    name: str = "",
    description: str = "",
) -> Document:
    """Attach ``upload`` (a Django ``File``) to ``owner`` for whoever may change it.

    Raises: PermissionDenied; ValidationError with the reason (kind, name, size, type, content).
    """
    if attachable(type(owner)) is None:
        raise ValidationError(_("Documents cannot be attached to this kind of record."))
    access.require(actor, access.Action.CHANGE, owner)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Choose the kind of document."), code="kind")
    name = clean_name(name or getattr(upload, "name", ""))
    file_type = check_file(name, upload, upload.size)
    today = datetime.date.today()
    key = f"{today:%Y/%m}/{uuid.uuid4().hex}.{extension(name)}"
    storage = documents_storage()
    stored = storage.save(key, upload)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                content_type=ContentType.objects.get_for_model(owner),
                object_id=owner.pk,
                kind=kind,
                name=name,
                description=description.strip(),
                file=stored,
                size=upload.size,
                media_type=file_type.media_type,
                sha256=_digest(upload),
                uploaded_by=actor,
            )
            action_log_write(
                actor=actor,
                verb="documents.document.added",
                obj=owner,
                details={"document": document.pk, "kind": kind},
            )
    except BaseException:
        storage.delete(stored)  # no file without its row
        raise
    return document


def owner_of(document: Document) -> models.Model | None:
    """The record the document belongs to, whoever asks (the caller checks the access)."""
    model = document.content_type.model_class()
    if model is None:
        return None
    with access.unscoped("a document's record, to check who may change it"):
        return model._default_manager.filter(pk=document.object_id).first()


def may_delete(user: Any, document: Document, owner: models.Model | None = None) -> bool:
    """Managers remove any document of a record they may change; others what they attached.
    ``owner``: the document's record when the caller has it (a panel lists one record's)."""
    owner = owner if owner is not None else owner_of(document)
    if owner is None or not access.can(user, access.Action.CHANGE, owner):
        return False
    return document.uploaded_by_id == user.pk or access.can(user, access.Action.DELETE, owner)


def document_delete(*, actor: Any, document: Document) -> None:
    """Raises: PermissionDenied when ``actor`` may not remove it."""
    if not may_delete(actor, document):
        raise PermissionDenied
    with transaction.atomic():
        _delete_rows([document])
        action_log_write(
            actor=actor,
            verb="documents.document.deleted",
            obj=owner_of(document),
            details={"document": document.pk, "kind": document.kind},
        )


def _delete_rows(documents: list[Document]) -> None:
    keys = [document.file.name for document in documents]
    Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
    storage = documents_storage()

    # The files go once the rows are surely gone; a rolled-back delete keeps both.
    def delete_files() -> None:
        for key in keys:
            if key:
                storage.delete(key)

    transaction.on_commit(delete_files)


def on_owner_deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    """A deleted record takes its documents with it (rows and files): they share its retention."""
    content_type = ContentType.objects.get_for_model(sender)
    documents = list(Document.objects.filter(content_type=content_type, object_id=instance.pk))
    if documents:
        _delete_rows(documents)


def connect_owner_deletion(model: type[models.Model]) -> None:
    post_delete.connect(
        on_owner_deleted, sender=model, weak=False, dispatch_uid=f"documents:{model._meta.label}"
    )
