"""The records that take documents, named by their apps (``register_attachable`` in ``ready``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Attachable:
    model: type[models.Model]
    # The record's page (pk → URL): where the documents are listed and uploaded.
    page: Callable[[int], str]


ATTACHABLE: dict[str, Attachable] = {}


def register_attachable(model: type[models.Model], page: Callable[[int], str]) -> None:
    """Let ``model``'s records take documents, listed on ``page``; their documents go when the
    record goes (crm.documents.services.on_owner_deleted)."""
    from crm.documents.services import connect_owner_deletion

    ATTACHABLE[model._meta.label_lower] = Attachable(model=model, page=page)
    connect_owner_deletion(model)


def attachable(model: type[models.Model]) -> Attachable | None:
    return ATTACHABLE.get(model._meta.label_lower)
