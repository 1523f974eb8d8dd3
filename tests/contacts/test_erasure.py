"""Anonymising leaves no copy of who the person was (issue 13): not in the database (a
``pg_dump`` of it), not in the stored files; the free text it cannot rewrite is listed for the
manager, and a hold (attendance the audit trail needs, a network they represent) refuses it."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts.models import Person
from contacts.services import affiliation_create, person_anonymise, person_update
from crm.audit.models import ActionLog
from crm.exports.services import export_named
from crm.top.imports.models import ImportBatch, ImportRow
from crm.top.imports.services import import_batch_run
from interactions.models import Participation, ParticipationStatus
from interactions.services import interaction_log
from tests.contacts.factories import OrganisationFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import MembershipFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

NAME = ("Zenobia", "Przykładowska")
EMAIL = "zenobia.przykladowska@example.pl"
PHONE = "600 700 801"
HEADER = "Lp.;Nazwa podmiotu;NIP;Gmina;Powiat;Telefon;E-mail;Osoba do kontaktu\r\n"
ROW = f"1;Fundacja Testowa;;Hajnówka;hajnowski;;;{' '.join(NAME)} – prezes\r\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _everywhere(manager: Any) -> Person:
    """The person the way real use spreads them: imported from a partner's file, edited,
    tied, named in a contact's subject, searched for in an export left in storage."""
    batch = import_batch_run(
        actor=manager,
        source="OWES Bielski",
        name="lista.csv",
        data=(HEADER + ROW).encode("cp1250"),
    )
    assert batch.status == ImportBatch.Status.APPLIED, batch.error
    person = Person.objects.get(last_name=NAME[1])
    person = person_update(actor=manager, person=person, email=EMAIL, phone=PHONE)
    affiliation_create(actor=manager, person=person, organisation=OrganisationFactory(), role="x")
    organisation = person.affiliations.first().organisation  # type: ignore[union-attr]
    interaction_log(
        actor=manager,
        kind="phone",
        organisation=organisation,
        subject=f"Telefon: {' '.join(NAME)}, {EMAIL}",
        people=[person],
    )
    exported = export_named(actor=manager, name="people", filters={"search": NAME[1]}, fmt="csv")
    assert EMAIL.encode() in exported.content
    default_storage.save("exports/p.csv", ContentFile(exported.content))
    return person


def _words() -> list[bytes]:
    return [w.encode() for w in (" ".join(NAME), EMAIL, PHONE, "600700801")]


def test_after_anonymising_no_row_and_no_stored_file_holds_the_name_e_mail_or_phone(
    manager: Any, settings: Any
) -> None:
    person = _everywhere(manager)
    assert ImportRow.objects.filter(raw__icontains=NAME[0]).exists()

    done = person_anonymise(actor=manager, person=person)

    assert done.rows_rewritten >= 3  # the import's rows, the contact's subject, the history
    assert len(done.files_deleted) == 2  # the partner's file and the export
    assert not ImportRow.objects.filter(raw__icontains=NAME[0]).exists()
    assert ImportBatch.objects.get().stored_file == ""
    for entry in ActionLog.objects.all():
        text = f"{entry.object_repr} {entry.details}"
        assert NAME[1] not in text and EMAIL not in text
    media = Path(settings.MEDIA_ROOT)
    for path in media.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(w in data for w in _words()), path
            assert " ".join(NAME).encode("cp1250") not in data, path
    if connection.vendor == "postgresql":
        dump = _pg_dump()
        for word in _words():
            assert word not in dump, word
        assert NAME[1].encode() not in dump


def _pg_dump() -> bytes:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    command = ["pg_dump", "--data-only", "-h", db["HOST"] or "localhost"]
    command += ["-p", str(db["PORT"] or 5432), "-U", db["USER"], db["NAME"]]
    return subprocess.run(command, env=env, capture_output=True, check=True).stdout


def test_the_action_log_names_personal_records_by_kind_and_id_and_keeps_no_search_terms(
    manager: Any,
) -> None:
    person = _everywhere(manager)
    logged = ActionLog.objects.filter(object_id=str(person.pk), content_type__model="person")
    assert logged.exists()
    assert all(e.object_repr == f"osoba #{person.pk}" for e in logged)
    exported = ActionLog.objects.get(verb="exports.person.exported")
    assert exported.details["filters"] == ["search"]
    export_named(actor=manager, name="people", filters={"search": "Kowalski"}, fmt="csv")
    assert "Kowalski" not in str(ActionLog.objects.filter(verb__startswith="exports").values())


def test_an_inflected_mention_is_listed_for_the_manager_to_edit(manager: Any) -> None:
    person = _everywhere(manager)
    organisation = person.affiliations.first().organisation  # type: ignore[union-attr]
    interaction_log(
        actor=manager,
        kind="meeting",
        organisation=organisation,
        subject="Spotkanie z panią Przykładowską",
    )
    page = client_for(manager).post(
        reverse("contacts:person_anonymise", args=[person.pk]), {"confirm": "on"}
    )
    html = page.content.decode()
    assert "Spotkanie" not in html  # the list names records, not their text
    assert "/kontakty/" in html and "edycja" in html


def test_anonymising_is_refused_while_the_audit_trail_or_a_network_needs_the_person(
    manager: Any,
) -> None:
    person = _everywhere(manager)
    event = EventFactory(starts_on=timezone.localdate() - datetime.timedelta(days=400))
    Participation.objects.create(event=event, person=person, status=ParticipationStatus.ATTENDED)
    membership = MembershipFactory(representative=person)
    with pytest.raises(ValidationError) as refused:
        person_anonymise(actor=manager, person=person)
    reasons = " ".join(refused.value.messages)
    assert event.title in reasons and membership.network.name in reasons
    assert Person.objects.get(pk=person.pk).last_name == NAME[1]

    old = EventFactory(starts_on=datetime.date(timezone.localdate().year - 6, 5, 1))
    Participation.objects.filter(event=event).update(event=old)
    membership.representative = None
    membership.save()
    person_anonymise(actor=manager, person=person)
    assert Person.objects.get(pk=person.pk).anonymised_at is not None


def test_the_migration_relabels_old_entries_and_drops_old_search_terms(manager: Any) -> None:
    import importlib

    from django.apps import apps as current

    from crm.audit.services import action_log_write

    person = Person.objects.create(first_name="Jan", last_name="Stary")
    entry = action_log_write(actor=manager, verb="contacts.person.created", obj=person)
    ActionLog.objects.filter(pk=entry.pk).update(object_repr="Jan Stary")
    old = ActionLog.objects.create(
        verb="exports.person.exported", details={"filters": {"search": "Stary", "kind": ""}}
    )
    module = importlib.import_module("contacts.migrations.0017_action_log_without_personal_data")
    module.relabel(current, None)
    assert ActionLog.objects.get(pk=entry.pk).object_repr == f"osoba #{person.pk}"
    assert ActionLog.objects.get(pk=old.pk).details == {"filters": ["search"]}
