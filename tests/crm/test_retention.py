"""Retention (issue 13): each kind of record goes after its period, by the same paths a person
would use (anonymisation with its legal holds), with a dry run first and a report of counts.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contacts.models import Affiliation, Person
from contacts.services import person_restrict
from crm.audit.models import AccessLog, ActionLog
from crm.audit.services import action_log_write
from crm.exports.models import ExportJob
from crm.top.imports.models import ImportBatch, ImportRow
from crm.top.retention.services import VERB, retention_apply
from interactions.models import Interaction, Participation
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def ago(**kwargs: Any) -> datetime.datetime:
    return NOW - datetime.timedelta(**kwargs)


def old_person(**kwargs: Any) -> Person:
    """A person recorded and last changed seven years ago."""
    person = PersonFactory(**kwargs)
    Person.objects.filter(pk=person.pk).update(
        created_at=ago(days=7 * 366), updated_at=ago(days=7 * 366)
    )
    return Person.objects.get(pk=person.pk)


def test_people_nothing_ties_for_the_period_are_anonymised_the_others_kept(
    manager: Any,
) -> None:
    forgotten = old_person(first_name="Teodora", last_name="Zapomniana")
    ended = old_person()
    organisation = OrganisationFactory()
    Affiliation.objects.create(
        person=ended, organisation=organisation, ended_on=datetime.date(2018, 3, 31)
    )
    Affiliation.objects.filter(person=ended).update(updated_at=ago(days=7 * 366))
    current = old_person()
    Affiliation.objects.create(person=current, organisation=organisation, role="prezes")
    contacted = old_person()
    interaction = Interaction.objects.create(
        kind="phone", occurred_at=ago(days=400), subject="Rozmowa"
    )
    interaction.people.add(contacted)
    recent = PersonFactory()  # recorded last year

    results = retention_apply(now=NOW)

    assert results["people"].removed == 2
    for person in (forgotten, ended):
        person.refresh_from_db()
        assert person.anonymised_at is not None and "Zapomniana" not in person.last_name
    for person in (current, contacted, recent):
        person.refresh_from_db()
        assert person.anonymised_at is None


def test_legal_holds_and_restrictions_keep_a_person_and_are_counted(
    settings: Any, manager: Any
) -> None:
    settings.RETENTION_PEOPLE_YEARS = 1
    attended = old_person()
    event = EventFactory(starts_on=(NOW - datetime.timedelta(days=800)).date())
    Participation.objects.create(event=event, person=attended, status="attended")
    Participation.objects.filter(person=attended).update(updated_at=ago(days=800))
    restricted = person_restrict(
        actor=manager, person=old_person(), restricted=True, reason="Sprzeciw"
    )
    Person.objects.filter(pk=restricted.pk).update(updated_at=ago(days=800))

    dry = retention_apply(now=NOW, dry_run=True)["people"]
    assert (dry.removed, dry.skipped) == (0, {"legal_hold": 1, "restricted": 1})
    done = retention_apply(now=NOW)["people"]
    assert done.skipped == {"legal_hold": 1, "restricted": 1}
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()


def test_the_people_of_one_night_are_bounded_and_the_rest_waits(settings: Any) -> None:
    settings.RETENTION_PEOPLE_PER_RUN = 2
    for _ in range(3):
        old_person()
    first = retention_apply(now=NOW)["people"]
    assert (first.removed, first.skipped) == (2, {"next_run": 1})
    assert retention_apply(now=NOW)["people"].removed == 1
    assert retention_apply(now=NOW)["people"].removed == 0


def _batch(user: Any, *, days: int, status: str = "applied", rows: int = 2) -> ImportBatch:
    name = default_storage.save("imports/lista.csv", ContentFile(b"Nazwa;NIP\nA;1\n"))
    batch = ImportBatch.objects.create(
        user=user, source="OWES", original_name="lista.csv", sha256="0" * 64,
        stored_file=name, status=status,
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=ago(days=days))
    for n in range(rows):
        ImportRow.objects.create(batch=batch, row_number=n + 2, outcome="new")
    return ImportBatch.objects.get(pk=batch.pk)


def test_uploaded_files_go_after_their_days_and_the_batch_stays(manager: Any) -> None:
    old, fresh = _batch(manager, days=45), _batch(manager, days=3)
    busy = _batch(manager, days=45, status="planning")
    assert retention_apply(now=NOW, dry_run=True)["import_files"].removed == 1
    assert default_storage.exists(old.stored_file)
    result = retention_apply(now=NOW)["import_files"]
    assert (result.removed, result.skipped) == (1, {"in_progress": 1})
    assert not default_storage.exists(old.stored_file)
    old.refresh_from_db()
    assert old.stored_file == "" and old.status == "applied"
    assert ImportBatch.objects.get(pk=fresh.pk).stored_file == fresh.stored_file
    assert ImportBatch.objects.get(pk=busy.pk).stored_file


def test_staged_rows_of_finished_batches_go_after_their_months(manager: Any) -> None:
    old = _batch(manager, days=400)
    waiting = _batch(manager, days=400, status="planned")
    fresh = _batch(manager, days=30)
    assert retention_apply(now=NOW, dry_run=True)["import_rows"].removed == 2
    assert retention_apply(now=NOW)["import_rows"].removed == 2
    assert not old.rows.exists()
    assert waiting.rows.count() == 2 and fresh.rows.count() == 2
    assert ImportBatch.objects.filter(pk=old.pk).exists()


def test_action_log_details_and_the_access_log_go_after_their_years(manager: Any) -> None:
    person = PersonFactory()
    old = action_log_write(actor=manager, verb="contacts.person.exported", obj=person,
                           details={"rows": 3})  # fmt: skip
    ActionLog.objects.filter(pk=old.pk).update(at=ago(days=7 * 366))
    recent = action_log_write(actor=manager, verb="x.y", details={"rows": 1})
    AccessLog.objects.create(user=manager, person_id=person.pk, what="page", at=ago(days=800))
    AccessLog.objects.create(user=manager, person_id=person.pk, what="page", at=ago(days=10))

    results = retention_apply(now=NOW)

    assert results["action_log_details"].removed == 1
    old.refresh_from_db()
    assert old.details == {} and old.verb == "contacts.person.exported" and old.actor == manager
    recent.refresh_from_db()
    assert recent.details == {"rows": 1}
    assert results["access_log"].removed == 1
    assert AccessLog.objects.count() == 1 and AccessLog.objects.get().at > ago(days=11)


def test_finished_export_files_go_after_their_days(manager: Any) -> None:
    jobs = []
    for days in (10, 1):
        job = ExportJob.objects.create(requested_by=manager, name="people", fmt="csv",
                                       status="done", finished_at=ago(days=days))  # fmt: skip
        job.file.save("osoby.csv", ContentFile(b"Nazwisko\nKowalska\n"))
        jobs.append(job)
    old, fresh = jobs
    old_name = old.file.name
    assert retention_apply(now=NOW)["export_files"].removed == 1
    assert not default_storage.exists(old_name)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.file and fresh.file and default_storage.exists(fresh.file.name)


def test_the_dry_run_command_prints_counts_per_rule_and_no_names(manager: Any) -> None:
    old_person(first_name="Bogumiła", last_name="Niewidoczna")
    _batch(manager, days=45)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "people: 1 would go" in text and "import_files: 1 would go" in text
    assert "Niewidoczna" not in text and "Dry run" in text
    assert Person.objects.filter(anonymised_at__isnull=True).count() == 1
    assert not ActionLog.objects.filter(verb=VERB).exists()


def test_a_run_is_reported_to_managers_in_counts_and_a_second_run_finds_nothing(
    manager: Any, team_member: Any
) -> None:
    old_person(first_name="Leokadia", last_name="Stara")
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "people: 1 removed" in out.getvalue()
    entry = ActionLog.objects.get(verb=VERB)
    assert entry.details["people"] == {"removed": 1}
    assert "Stara" not in str(entry.details)
    page = client_for(manager).get(reverse("retention:rules"), HTTP_ACCEPT_LANGUAGE="pl")
    assert page.status_code == 200
    runs = page.context["runs"]
    assert runs[0]["rules"][0]["removed"] == 1
    assert "RETENTION_PEOPLE_YEARS" in page.content.decode()
    assert "Stara" not in page.content.decode()
    assert client_for(team_member).get(reverse("retention:rules")).status_code == 403
    second = retention_apply()
    assert all(r.removed == 0 for r in second.values())


def test_the_nightly_task_is_scheduled_and_applies_the_rules(settings: Any) -> None:
    from crm.top.tasks import retention

    entry = settings.CELERY_BEAT_SCHEDULE["crm.retention"]
    assert entry["task"] == "crm.retention"
    old_person()
    counts = retention.apply().get()
    assert counts["people"]["removed"] == 1
    assert ActionLog.objects.filter(verb=VERB).count() == 1
