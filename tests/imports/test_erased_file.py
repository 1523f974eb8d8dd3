"""A batch whose uploaded file was erased (retention or a person's erasure) cannot be analysed
again: a clear message instead of a crash (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from crm.text import fold
from crm.top.imports.models import ImportBatch
from crm.top.imports.services import (
    import_batch_plan,
    import_batch_plan_queue,
    import_batch_resume,
    import_batch_upload,
)
from tests.imports.conftest import SAMPLE_CSV, run, work_off
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

MESSAGE = "Plik tego importu usunięto"


def _uploaded(actor: Any) -> ImportBatch:
    return import_batch_upload(
        actor=actor, source="OWES Bielski", name=SAMPLE_CSV.name, data=SAMPLE_CSV.read_bytes()
    )


def _erase_file(batch: ImportBatch, *, clear: bool) -> None:
    default_storage.delete(batch.stored_file)
    if clear:  # the retention rules and the imports' eraser clear the name; a sweep does not
        ImportBatch.objects.filter(pk=batch.pk).update(stored_file="")
    batch.refresh_from_db()


@pytest.mark.parametrize("clear", [True, False], ids=["name cleared", "file only"])
def test_planning_again_after_the_file_went_says_why(manager: Any, clear: bool) -> None:
    batch = run(manager, dry_run=True)
    _erase_file(batch, clear=clear)
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        import_batch_plan_queue(actor=manager, batch=batch)
    assert MESSAGE in " ".join(refused.value.messages)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PLANNED  # nothing changed


def test_the_mapping_page_shows_the_message_instead_of_a_500(manager: Any) -> None:
    batch = run(manager, dry_run=True)
    _erase_file(batch, clear=True)
    client = client_for(manager)
    # The columns as they were: saving them analyses the file again.
    chosen = {f"col_{i}": batch.mapping.get(fold(h), "") for i, h in enumerate(batch.headers)}
    response = client.post(
        reverse("imports:mapping", args=[batch.pk]),
        chosen,
        follow=True,
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


def test_a_queued_dry_run_whose_file_went_fails_with_the_reason(manager: Any) -> None:
    batch = import_batch_plan_queue(actor=manager, batch=_uploaded(manager))
    _erase_file(batch, clear=False)
    with translation.override("pl"):
        batch = work_off(batch.pk)
    assert batch.status == ImportBatch.Status.FAILED
    assert MESSAGE in batch.error
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        import_batch_resume(actor=manager, batch=batch)
    assert MESSAGE in " ".join(refused.value.messages)


def test_a_stuck_dry_run_whose_file_went_is_not_resumed(manager: Any) -> None:
    batch = import_batch_plan_queue(actor=manager, batch=_uploaded(manager))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PLANNING)
    _erase_file(batch, clear=True)
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        import_batch_resume(actor=manager, batch=batch)
    assert MESSAGE in " ".join(refused.value.messages)


def test_the_worker_fails_the_batch_instead_of_crashing(manager: Any) -> None:
    batch = _uploaded(manager)
    _erase_file(batch, clear=False)
    with translation.override("pl"):
        batch = import_batch_plan(actor=manager, batch=batch)
    assert batch.status == ImportBatch.Status.FAILED and MESSAGE in batch.error
