"""Imports that never stay stuck: queued with the confirmation, claimed by one worker, found
again by the watchdog, resumed by a manager; a broker outage is a message, not a 500."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from kombu.exceptions import OperationalError

from contacts.models import Organisation
from crm.audit.models import ActionLog
from crm.top.imports.models import ImportBatch, ImportedRecord
from crm.top.imports.pipeline import applying
from crm.top.imports.services import (
    import_batch_apply,
    import_batch_confirm,
    import_batch_resume,
)
from crm.top.imports.services.queue import MAX_ATTEMPTS
from crm.top.imports.tasks import apply_batch
from crm.top.watchdog import stuck_work_requeue
from tests.imports.conftest import EXPECTED
from tests.imports.test_apply import planned

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status
LATER = datetime.timedelta(minutes=11)  # past TASK_STALE_MINUTES (10)


def broker_down() -> Any:
    return mock.patch.object(
        apply_batch, "apply_async", side_effect=OperationalError("Error 111 connecting")
    )


def crash_after_first_chunk() -> Any:
    def crash(_batch: ImportBatch) -> None:
        raise SystemExit("worker killed")

    return mock.patch.object(applying, "after_chunk", crash)


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (the test's transaction never commits) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def interrupted(manager: Any, commit: Any) -> ImportBatch:
    """A batch a worker claimed and lost after its first chunk (its message gone too)."""
    batch = planned(manager)
    with broker_down(), commit():
        import_batch_confirm(actor=manager, batch=batch)
    with crash_after_first_chunk(), pytest.raises(SystemExit):
        import_batch_apply(batch_id=batch.pk, task_id="lost-worker", chunk_size=2)
    batch.refresh_from_db()
    assert (batch.status, batch.progress_done) == (Status.APPLYING, 2)
    return batch


def test_confirm_queues_the_batch_and_the_worker_that_claims_it_applies_it(
    manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = planned(manager)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = import_batch_confirm(actor=manager, batch=batch)
    assert confirmed.status == Status.QUEUED and confirmed.task_id
    assert confirmed.heartbeat_at is not None
    assert not Organisation.objects.exists()

    for callback in callbacks:  # the commit: the message goes out, the worker claims it
        callback()

    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert Organisation.objects.count() == EXPECTED["organisations_created"]
    assert batch.attempts == 1


def test_a_message_that_did_not_claim_the_batch_does_nothing(manager: Any, commit: Any) -> None:
    batch = interrupted(manager, commit)

    import_batch_apply(batch_id=batch.pk, task_id="someone-else")

    batch.refresh_from_db()
    assert (batch.status, batch.progress_done) == (Status.APPLYING, 2)
    assert Organisation.objects.count() == 2


def test_the_same_message_redelivered_after_its_worker_died_resumes(
    manager: Any, commit: Any
) -> None:
    batch = interrupted(manager, commit)

    import_batch_apply(batch_id=batch.pk, task_id="lost-worker")

    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert Organisation.objects.count() == EXPECTED["organisations_created"]


def test_confirm_while_the_broker_is_down_leaves_it_queued_and_says_so(
    manager: Any, commit: Any
) -> None:
    batch = planned(manager)

    with broker_down(), commit():
        confirmed = import_batch_confirm(actor=manager, batch=batch)

    assert confirmed.status == Status.QUEUED
    assert confirmed.enqueued.sent is False  # type: ignore[attr-defined]
    assert not Organisation.objects.exists()
    # The broker is back: the watchdog's next look sends it.
    with commit():
        stuck_work_requeue(now=timezone.now() + LATER)
    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert Organisation.objects.count() == EXPECTED["organisations_created"]


@pytest.mark.django_db(transaction=True)  # the page learns of the outage at the commit
def test_confirm_page_while_the_broker_is_down_is_a_message_not_a_500(
    client: Any, manager: Any
) -> None:
    batch = planned(manager)
    client.force_login(manager)

    with broker_down():
        response = client.post(f"/import/{batch.pk}/zatwierdz/", follow=True)

    assert response.status_code == 200
    assert "nie można połączyć się z kolejką" in response.content.decode().lower()
    assert ImportBatch.objects.get(pk=batch.pk).status == Status.QUEUED


def test_watchdog_finishes_a_batch_whose_worker_was_killed_without_duplicates(
    manager: Any, commit: Any
) -> None:
    batch = interrupted(manager, commit)

    nothing = stuck_work_requeue()  # too early: the batch moved a moment ago
    assert nothing["imports"] == {"requeued": 0, "failed": 0}

    with commit():
        done = stuck_work_requeue(now=timezone.now() + LATER)

    assert done["imports"]["requeued"] == 1
    batch.refresh_from_db()
    assert batch.status == Status.APPLIED
    assert batch.progress_done == batch.progress_total == EXPECTED["organisations_created"]
    assert Organisation.objects.count() == EXPECTED["organisations_created"]
    nips = list(Organisation.objects.exclude(nip=None).values_list("nip", flat=True))
    assert len(nips) == len(set(nips))
    created = ImportedRecord.objects.filter(batch=batch, content_type__model="organisation")
    assert created.count() == EXPECTED["organisations_created"]
    assert ActionLog.objects.filter(verb="imports.batch.requeued").count() == 1


def test_watchdog_fails_a_batch_that_kills_its_worker_every_time(manager: Any, commit: Any) -> None:
    batch = interrupted(manager, commit)
    ImportBatch.objects.filter(pk=batch.pk).update(attempts=MAX_ATTEMPTS)

    stuck_work_requeue(now=timezone.now() + LATER)

    batch.refresh_from_db()
    assert batch.status == Status.FAILED
    assert str(MAX_ATTEMPTS) in batch.error
    assert Organisation.objects.count() == 2  # nothing more, nothing undone


def test_manager_resumes_an_interrupted_batch_at_once(manager: Any, commit: Any) -> None:
    batch = interrupted(manager, commit)
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=2)
    )

    with commit():
        import_batch_resume(actor=manager, batch=batch)

    assert ImportBatch.objects.get(pk=batch.pk).status == Status.APPLIED
    assert Organisation.objects.count() == EXPECTED["organisations_created"]
    assert ActionLog.objects.filter(verb="imports.batch.resumed").exists()


def test_resume_is_refused_while_the_batch_moves_and_for_a_team_member(
    manager: Any, team_member: Any, commit: Any
) -> None:
    batch = interrupted(manager, commit)

    with pytest.raises(ValidationError, match="posuwa się"):
        import_batch_resume(actor=manager, batch=batch)
    with pytest.raises(PermissionDenied):
        import_batch_resume(actor=team_member, batch=batch)
    assert ImportBatch.objects.get(pk=batch.pk).status == Status.APPLYING


def test_batch_page_offers_resume_to_managers_only(
    client: Any, manager: Any, team_member: Any, commit: Any
) -> None:
    batch = interrupted(manager, commit)
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=2)
    )

    client.force_login(team_member)
    assert 'data-testid="resume-import"' not in client.get(f"/import/{batch.pk}/").content.decode()
    assert client.post(f"/import/{batch.pk}/wznow/").status_code == 403

    client.force_login(manager)
    page = client.get(f"/import/{batch.pk}/").content.decode()
    assert 'data-testid="resume-import"' in page and "Wznów" in page
    with commit():
        response = client.post(f"/import/{batch.pk}/wznow/")
    assert response.status_code == 302
    assert ImportBatch.objects.get(pk=batch.pk).status == Status.APPLIED


def test_the_apply_task_goes_back_to_the_queue_when_its_worker_is_lost() -> None:
    assert apply_batch.acks_late and apply_batch.reject_on_worker_lost
