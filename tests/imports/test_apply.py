"""Dry run, confirm, apply in chunks, resume after a crash, revert."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from contacts.models import Affiliation, Organisation, Person
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportRow
from crm.top.imports.pipeline import applying
from crm.top.imports.selectors import batch_rows
from crm.top.imports.services import (
    RevertRefused,
    import_batch_apply,
    import_batch_confirm,
    import_batch_plan,
    import_batch_revert,
    import_batch_upload,
)
from interactions.models import Interaction
from tests.imports.conftest import SAMPLE_CSV, run
from tests.imports.test_samples import snapshot

pytestmark = pytest.mark.django_db


def planned(actor: Any) -> ImportBatch:
    batch = import_batch_upload(
        actor=actor, source="OWES Bielski", name="lista.csv", data=SAMPLE_CSV.read_bytes()
    )
    return import_batch_plan(actor=actor, batch=batch)


def test_dry_run_shows_the_plan_and_writes_nothing(
    manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch("crm.top.imports.tasks.apply_batch.apply_async") as enqueue, \
            django_capture_on_commit_callbacks(execute=True) as callbacks:  # fmt: skip
        batch = run(manager, dry_run=True)

    assert batch.status == ImportBatch.Status.PLANNED
    assert batch.counts["create"] == 6 and batch.counts["error"] == 1
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()
    assert not ImportedRecord.objects.exists()
    enqueue.assert_not_called()
    assert callbacks == []
    assert ImportRow.objects.filter(batch=batch).count() == 10


def test_plan_shows_old_and_new_values_of_an_update(manager: Any) -> None:
    run(manager)
    Organisation.objects.filter(nip="7291109046").update(street="stara ulica")

    batch = run(manager, dry_run=True)

    row = ImportRow.objects.get(batch=batch, outcome="update")
    assert row.changes == {"street": ["stara ulica", "ul. Kościelna 2"]}
    assert Organisation.objects.get(nip="7291109046").street == "stara ulica"


def test_confirm_enqueues_the_apply_after_commit(
    manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = planned(manager)

    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(actor=manager, batch=batch)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.progress_done == batch.progress_total == 6
    assert Organisation.objects.count() == 6


def test_viewer_cannot_import(viewer: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(viewer)


def test_interrupted_apply_resumed_gives_the_same_database(manager: Any) -> None:
    run(manager)
    expected = snapshot()
    people = sorted(Person.objects.values_list("first_name", "last_name", "source"))
    people = [(f, last, "") for f, last, _s in people]
    Affiliation.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()

    batch = planned(manager)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.APPLYING)

    def crash(_batch: ImportBatch) -> None:
        raise SystemExit("worker killed")

    with mock.patch.object(applying, "after_chunk", crash), pytest.raises(SystemExit):
        import_batch_apply(batch_id=batch.pk, chunk_size=2)
    assert Organisation.objects.count() == 2
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLYING

    import_batch_apply(batch_id=batch.pk, chunk_size=2)
    import_batch_apply(batch_id=batch.pk, chunk_size=2)  # a duplicate delivery does nothing

    assert snapshot() == expected
    assert (
        sorted((f, last, "") for f, last in Person.objects.values_list("first_name", "last_name"))
        == people
    )
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED
    assert (
        ImportedRecord.objects.filter(batch=batch, content_type__model="organisation").count() == 6
    )
    # Each created row shows the organisation it created, once, as the batch page lists it.
    created = set(
        ImportedRecord.objects.filter(
            batch=batch, content_type__model="organisation", action="created"
        ).values_list("object_id", flat=True)
    )
    shown = [r.organisation_pk for r in batch_rows(manager, batch.pk, "create")]
    assert len(shown) == 6 and set(shown) == created
    assert not ImportRow.objects.filter(batch=batch, outcome="merged", applied=False).exists()


SUPPORT_HEADER = "Lp.;Nazwa podmiotu;Forma prawna;NIP;Gmina;Rodzaj wsparcia;Data wsparcia"
SUPPORT_ROWS = [
    "1;Stowarzyszenie Jedno;stow.;526-104-08-28;Bielsk Podlaski;doradztwo;12.03.2026",
    "2;Fundacja Druga;Fundacja;7010007303;Bielsk Podlaski;doradztwo;14.03.2026",
    "3;Stowarzyszenie Jedno;stow.;5261040828;Bielsk Podlaski;szkolenie;13.03.2026",
    "4;Fundacja Trzecia;Fundacja;7291109046;Bielsk Podlaski;mentoring;15.03.2026",
    "5;Warsztat Terapii Zajęciowej w Bielsku;WTZ;;Bielsk Podlaski;doradztwo;16.03.2026",
]


def test_an_apply_killed_after_a_chunk_resumes_where_it_stopped(manager: Any) -> None:
    """The rows of the chunks that committed are not written again; the support entries go to
    the organisation each row created (a merged row: its leader's), once each."""
    data = "\r\n".join([SUPPORT_HEADER, *SUPPORT_ROWS, ""]).encode("cp1250")
    batch = import_batch_plan(
        actor=manager,
        batch=import_batch_upload(actor=manager, source="OWES Bielski", name="w.csv", data=data),
    )
    assert (batch.counts["create"], batch.counts["merged"]) == (4, 1), batch.counts
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.APPLYING)

    def crash(_batch: ImportBatch) -> None:
        raise SystemExit("worker killed")

    with mock.patch.object(applying, "after_chunk", crash), pytest.raises(SystemExit):
        import_batch_apply(batch_id=batch.pk, chunk_size=2)
    # The first chunk (rows 2 and 3) committed, nothing after it.
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Fundacja Druga",
        "Stowarzyszenie Jedno",
    ]
    assert not Interaction.objects.exists()
    # Killed again after the next chunk (row 5): the progress counts the rows applied before.
    with mock.patch.object(applying, "after_chunk", crash), pytest.raises(SystemExit):
        import_batch_apply(batch_id=batch.pk, chunk_size=2)
    assert ImportBatch.objects.get(pk=batch.pk).progress_done == 3

    import_batch_apply(batch_id=batch.pk, chunk_size=2)
    import_batch_apply(batch_id=batch.pk, chunk_size=2)  # a duplicate delivery does nothing

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.progress_done == batch.progress_total
    assert Organisation.objects.count() == 4
    support = sorted(
        (organisation.name, subject)
        for organisation in Organisation.objects.all()
        for subject in organisation.interactions.values_list("subject", flat=True)
    )
    assert support == [
        ("Fundacja Druga", "doradztwo"),
        ("Fundacja Trzecia", "mentoring"),
        ("Stowarzyszenie Jedno", "doradztwo"),
        ("Stowarzyszenie Jedno", "szkolenie"),
        ("Warsztat Terapii Zajęciowej w Bielsku", "doradztwo"),
    ]
    names = {o.pk: o.name for o in Organisation.objects.all()}
    shown = {r.row_number: names.get(r.organisation_pk) for r in batch_rows(manager, batch.pk)}
    assert shown == {
        2: "Stowarzyszenie Jedno",
        3: "Fundacja Druga",
        4: None,  # merged into row 2
        5: "Fundacja Trzecia",
        6: "Warsztat Terapii Zajęciowej w Bielsku",
    }


def test_an_organisation_created_after_the_plan_is_matched_not_duplicated(
    manager: Any,
) -> None:
    from contacts.services import organisation_create

    batch = planned(manager)
    row = ImportRow.objects.get(batch=batch, values__nip="7291109046")
    assert row.outcome == "create"
    # Someone adds the same association by hand while the plan waits for confirmation.
    by_hand = organisation_create(
        actor=manager, name="Stowarzyszenie Przyjaciół Drohiczyna", kind="association",
        nip="7291109046",
    )  # fmt: skip
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.APPLYING)

    import_batch_apply(batch_id=batch.pk)

    assert Organisation.objects.filter(nip="7291109046").count() == 1
    row.refresh_from_db()
    assert (row.outcome, row.organisation_id) == ("update", by_hand.pk)
    assert Organisation.objects.get(pk=by_hand.pk).street == "ul. Kościelna 2"
    assert Organisation.objects.count() == 6


def test_created_rows_point_at_their_organisation(manager: Any) -> None:
    batch = run(manager)

    # As the batch page and the API list it: the apply leaves the id in the row's provenance.
    row = batch_rows(manager, batch.pk).get(row_number=4)
    assert Organisation.objects.get(pk=row.organisation_pk).nip == "9720078986"


def test_revert_removes_created_and_restores_updated(manager: Any) -> None:
    first = run(manager)
    Organisation.objects.filter(nip="7291109046").update(street="stara ulica")
    second = run(manager)
    assert second.counts["update"] == 1

    import_batch_revert(actor=manager, batch=second)
    assert Organisation.objects.get(nip="7291109046").street == "stara ulica"

    # "stara ulica" was written after the first import (by hand): its revert keeps that one.
    with pytest.raises(RevertRefused, match="Drohiczyna"):
        import_batch_revert(actor=manager, batch=first)
    import_batch_revert(actor=manager, batch=first, keep_changed=True)
    assert list(Organisation.objects.values_list("nip", flat=True)) == ["7291109046"]
    assert not Person.objects.exists()
    assert ImportBatch.objects.get(pk=first.pk).status == ImportBatch.Status.REVERTED


def test_revert_is_refused_after_someone_changed_the_record(manager: Any) -> None:
    from contacts.services import organisation_update

    batch = run(manager)
    organisation = Organisation.objects.get(nip="7291109046")
    organisation_update(actor=manager, organisation=organisation, website="https://drohiczyn.pl")

    refused = pytest.raises(RevertRefused, match="changed after this import")
    with translation.override("en"), refused:
        import_batch_revert(actor=manager, batch=batch)
    assert Organisation.objects.count() == 6


def test_team_member_cannot_revert(team_member: Any) -> None:
    from django.core.exceptions import PermissionDenied

    batch = run(team_member)
    with pytest.raises(PermissionDenied):
        import_batch_revert(actor=team_member, batch=batch)


def test_rows_merging_into_an_earlier_chunk_give_the_same_result(
    manager: Any, monkeypatch: Any
) -> None:
    from crm.top.imports.pipeline import planning

    run(manager)
    expected = snapshot()
    Affiliation.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    # Two rows a chunk: row 7 merges into row 4, which an earlier chunk already staged.
    monkeypatch.setattr(planning, "chunk_size", lambda: 2)

    batch = run(manager)

    merged = ImportRow.objects.get(batch=batch, row_number=7)
    assert (merged.outcome, merged.merged_into_row, merged.applied) == ("merged", 4, True)
    leader = ImportRow.objects.get(batch=batch, row_number=4)
    assert leader.entity["phones"] == ["+48856821122", "+48856821123"]
    assert snapshot() == expected
    assert batch.counts["create"] == 6 and batch.counts["merged"] == 1

    again = run(manager)

    assert (again.counts["create"], again.counts["update"], again.counts["unchanged"]) == (0, 0, 6)
    assert ImportRow.objects.get(batch=again, row_number=7).applied


def test_a_reimport_notices_an_edit_made_after_the_import(manager: Any) -> None:
    from django.db import connection

    from contacts.services import organisation_update
    from crm.top.imports.models import ImportFingerprint

    run(manager)
    # On PostgreSQL an unchanged re-import is decided from these, without loading organisations.
    assert ImportFingerprint.objects.exists() == (connection.vendor == "postgresql")
    organisation = Organisation.objects.get(nip="7291109046")
    organisation_update(actor=manager, organisation=organisation, street="ul. Nowa 1")

    batch = run(manager, dry_run=True)

    row = ImportRow.objects.get(batch=batch, outcome="update")
    assert row.changes == {"street": ["ul. Nowa 1", "ul. Kościelna 2"]}
    assert batch.counts["unchanged"] == 5
