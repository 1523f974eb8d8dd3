"""Erasing a person from the imports (registered with ``contacts.erasure`` in
``ImportsConfig.ready``): a partner's stored file that names them is deleted.

A batch keeps its rows (their cells are rewritten with the rest of the database by
``crm.erasure.sweep_database``), its counts and what it wrote, so its page, its report of
rows not imported and its revert still work; only planning it again would need the file
(upload it again: the person is no longer in it).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage

from crm.erasure import Identity
from crm.top.imports.models import ImportBatch


def batch_files_erase(person: Any, identity: Identity) -> list[str]:
    deleted = []
    for batch in ImportBatch.objects.exclude(stored_file=""):
        if not default_storage.exists(batch.stored_file):
            continue
        with default_storage.open(batch.stored_file, "rb") as handle:
            holds = identity.found_in(handle.read())
        if holds:
            default_storage.delete(batch.stored_file)
            ImportBatch.objects.filter(pk=batch.pk).update(stored_file="")
            deleted.append(batch.stored_file)
    return deleted


def register() -> None:
    from contacts.erasure import register_eraser

    register_eraser("imports.files", batch_files_erase)
