"""A merge carries what no foreign key to the record shows: its tags, its documents and its
refusal of e-mail. Before, the duplicate's tags and refusal cascaded away with it, and its
documents were deleted with their files."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from contacts.models import Organisation, OrganisationMerge, PersonMerge
from contacts.services import (
    organisation_merge,
    organisation_merge_undo,
    person_merge,
    person_merge_undo,
)
from crm.audit.access_log import access_log_entries, access_log_write
from crm.audit.models import AccessLog
from crm.documents.models import Document, documents_storage
from crm.documents.services import document_add
from crm.tags.services import tag_get_or_create, tags_add
from crm.top.mailing.models import OrganisationOptOut
from tests.contacts.factories import OrganisationFactory, PersonFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _documents_folder(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    return tmp_path / "documents"


def _tag_names(record: Any) -> set[str]:
    return set(type(record)._base_manager.get(pk=record.pk).tags.values_list("name", flat=True))


@pytest.mark.django_db
def test_an_organisation_merge_keeps_the_duplicates_tags_documents_and_refusal(
    manager: Any,
) -> None:
    survivor = OrganisationFactory(name="Stowarzyszenie Razem", nip=None)
    duplicate = OrganisationFactory(name="Stow. Razem", nip=None)
    both = tag_get_or_create(actor=manager, name="dobra praktyka")
    own = tag_get_or_create(actor=manager, name="Zakup Prospołeczny")
    tags_add(actor=manager, model=Organisation, ids=[survivor.pk, duplicate.pk], tag=both)
    tags_add(actor=manager, model=Organisation, ids=[duplicate.pk], tag=own)
    upload = ContentFile(PDF, name="umowa partnerska.pdf")
    document = document_add(actor=manager, owner=duplicate, upload=upload, kind="agreement")
    OrganisationOptOut.objects.create(organisation=duplicate)

    organisation_merge(
        actor=manager, survivor=survivor, duplicate=duplicate, keep={"name": "survivor"}
    )

    assert _tag_names(survivor) == {"dobra praktyka", "Zakup Prospołeczny"}
    document.refresh_from_db()
    assert document.owner == survivor
    assert documents_storage().exists(document.file.name)
    assert OrganisationOptOut.objects.filter(organisation=survivor).exists()

    restored = organisation_merge_undo(
        actor=manager, merge=OrganisationMerge.objects.get(survivor=survivor)
    )
    assert _tag_names(restored) == {"dobra praktyka", "Zakup Prospołeczny"}
    assert _tag_names(survivor) == {"dobra praktyka"}
    document.refresh_from_db()
    assert document.owner == restored
    assert OrganisationOptOut.objects.get().organisation_id == restored.pk


@pytest.mark.django_db
def test_a_refusal_both_records_had_stays_one_and_the_undo_gives_the_other_back(
    manager: Any,
) -> None:
    survivor = OrganisationFactory(name="Fundacja Most", nip=None)
    duplicate = OrganisationFactory(name="Fund. Most", nip=None)
    OrganisationOptOut.objects.create(organisation=survivor)
    OrganisationOptOut.objects.create(organisation=duplicate)

    organisation_merge(
        actor=manager, survivor=survivor, duplicate=duplicate, keep={"name": "survivor"}
    )
    assert list(OrganisationOptOut.objects.values_list("organisation_id", flat=True)) == [
        survivor.pk
    ]
    organisation_merge_undo(actor=manager, merge=OrganisationMerge.objects.get())
    assert set(OrganisationOptOut.objects.values_list("organisation_id", flat=True)) == {
        survivor.pk,
        duplicate.pk,
    }


@pytest.mark.django_db
def test_a_person_merge_keeps_the_duplicates_tags_and_who_saw_them(manager: Any) -> None:
    survivor = PersonFactory(first_name="Anna", last_name="Kowalska", email=None)
    duplicate = PersonFactory(first_name="Anna", last_name="Kowalska", email=None)
    tag = tag_get_or_create(actor=manager, name="RKRES")
    tags_add(actor=manager, model=type(duplicate), ids=[duplicate.pk], tag=tag)
    access_log_write(user=manager, person_ids=[duplicate.pk], what=AccessLog.What.PAGE)

    person_merge(actor=manager, survivor=survivor, duplicate=duplicate)
    assert _tag_names(survivor) == {"RKRES"}
    assert [e.person_id for e in access_log_entries(user=manager, person_id=survivor.pk)] == [
        survivor.pk
    ]

    restored = person_merge_undo(actor=manager, merge=PersonMerge.objects.get())
    assert _tag_names(restored) == {"RKRES"}
    assert _tag_names(survivor) == set()
    assert access_log_entries(user=manager, person_id=restored.pk).count() == 1
    assert Document.objects.count() == 0
