"""Documents on a record's page: who may attach, download and remove, and what is refused."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from contacts.models import Organisation
from contacts.services.deletes import organisation_delete
from crm.audit.models import ActionLog
from crm.documents.models import Document
from crm.documents.services import document_add
from crm.models import Gmina
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


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


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_url(organisation: Organisation) -> str:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Organisation).pk
    return reverse("document_upload", args=[content_type, organisation.pk])


def post(client: Client, organisation: Organisation, filename: str, content: bytes, **fields: Any):
    data = {"kind": "agreement", "name": "", "description": "", **fields}
    data["file"] = SimpleUploadedFile(filename, content)
    return client.post(upload_url(organisation), data, follow=True)


def test_a_team_member_attaches_an_agreement_and_downloads_it_under_its_name(
    team_member: Any, _documents_folder: Any
) -> None:
    organisation = OrganisationFactory()
    client = signed_in(team_member)
    page = post(client, organisation, "Umowa o współpracy 2026.pdf", PDF)
    assert "Dodano dokument" in page.content.decode()
    document = Document.objects.get()
    assert document.owner == organisation and document.size == len(PDF)
    # Stored under a random key, never under the name someone typed.
    assert "Umowa" not in document.file.name and document.file.name.endswith(".pdf")
    assert (_documents_folder / document.file.name).read_bytes() == PDF
    detail = client.get(reverse("contacts:organisation_detail", args=[organisation.pk]))
    assert "Umowa o współpracy 2026.pdf" in detail.content.decode()
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "Umowa%20o%20wsp%C3%B3%C5%82pracy%202026.pdf" in download["Content-Disposition"]


def test_the_action_log_names_the_record_and_the_document_by_id_not_by_file_name(
    team_member: Any,
) -> None:
    organisation = OrganisationFactory()
    post(signed_in(team_member), organisation, "Lista obecności Jan Kowalski.pdf", PDF)
    entry = ActionLog.objects.get(verb="documents.document.added")
    document = Document.objects.get()
    assert entry.object_id == str(organisation.pk)
    assert entry.details == {"document": document.pk, "kind": "agreement"}
    assert "Kowalski" not in str(entry.details) + entry.object_repr


@pytest.mark.parametrize(
    ("filename", "content", "fields", "reason"),
    [
        ("statut.pdf", EXE, {}, "nie jest PDF"),
        ("program.exe", EXE, {}, "nie można dołączać"),
        ("statut.docx", PDF, {}, "nie jest Word"),
        ("statut.pdf", PDF, {"name": "../../etc/cron.d/statut.pdf"}, "ścieżki"),
        ("statut.pdf", PDF, {"name": "..\\..\\statut.pdf"}, "ścieżki"),
        ("pusty.pdf", b"", {}, "pusty"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_kept(
    team_member: Any,
    _documents_folder: Any,
    filename: str,
    content: bytes,
    fields: dict[str, str],
    reason: str,
) -> None:
    organisation = OrganisationFactory()
    page = post(signed_in(team_member), organisation, filename, content, **fields)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nie dodano dokumentu" in text and reason in text, text[-3000:]
    assert not Document.objects.exists()
    assert not _documents_folder.exists() or not any(_documents_folder.rglob("*.*"))


def test_a_file_over_the_limit_is_refused(
    team_member: Any, settings: Any, _documents_folder: Any
) -> None:
    settings.DOCUMENT_MAX_MB = 1
    organisation = OrganisationFactory()
    big = PDF + b"0" * (1024 * 1024)
    page = post(signed_in(team_member), organisation, "skan.pdf", big)
    assert "większy niż 1 MB" in page.content.decode()
    assert not Document.objects.exists()


def test_word_files_whose_parts_are_right_are_accepted(team_member: Any) -> None:
    organisation = OrganisationFactory()
    post(signed_in(team_member), organisation, "statut.docx", docx(), kind="statute")
    assert Document.objects.get().media_type.endswith("wordprocessingml.document")


def test_a_viewer_neither_sees_nor_downloads_an_attendance_list(
    team_member: Any, viewer: Any
) -> None:
    organisation = OrganisationFactory()
    post(signed_in(team_member), organisation, "umowa.pdf", PDF)
    post(signed_in(team_member), organisation, "lista-obecnosci.pdf", PDF, kind="attendance")
    agreement = Document.objects.get(kind="agreement")
    attendance = Document.objects.get(kind="attendance")
    client = signed_in(viewer)
    page = client.get(reverse("contacts:organisation_detail", args=[organisation.pk]))
    assert "umowa.pdf" in page.content.decode()
    assert "lista-obecnosci.pdf" not in page.content.decode()
    assert client.get(reverse("document_download", args=[attendance.pk])).status_code == 404
    download = client.get(reverse("document_download", args=[agreement.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # Nor may a viewer attach anything.
    assert post(client, organisation, "x.pdf", PDF).status_code == 403
    anonymous = Client().get(reverse("document_download", args=[agreement.pk]))
    assert anonymous.status_code == 302


def test_an_owes_partner_attaches_only_to_records_of_their_subregions(
    owes_partner: Any,
) -> None:
    own = OrganisationFactory()  # Hajnówka: bielski, the partner's subregion
    other = OrganisationFactory(gmina=Gmina.objects.get(code="2063011"))  # Suwałki
    client = signed_in(owes_partner)
    assert post(client, own, "umowa.pdf", PDF).status_code == 200
    assert post(client, other, "umowa.pdf", PDF).status_code == 403
    assert Document.objects.get().object_id == own.pk


def test_removing_asks_first_and_deletes_the_file(
    team_member: Any,
    manager: Any,
    _documents_folder: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    organisation = OrganisationFactory()
    post(signed_in(team_member), organisation, "umowa.pdf", PDF)
    document = Document.objects.get()
    stored = _documents_folder / document.file.name
    client = signed_in(manager)
    ask = client.get(reverse("document_remove", args=[document.pk]))
    assert ask.status_code == 200 and "umowa.pdf" in ask.content.decode()
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("document_remove", args=[document.pk]), follow=True)
    assert done.status_code == 200
    assert not Document.objects.exists() and not stored.exists()
    assert ActionLog.objects.filter(verb="documents.document.deleted").count() == 1


def test_deleting_the_record_deletes_its_documents(
    manager: Any, _documents_folder: Any, django_capture_on_commit_callbacks: Any
) -> None:
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        document = document_add(
            actor=manager,
            owner=organisation,
            upload=SimpleUploadedFile("umowa.pdf", PDF),
            kind="agreement",
        )
        stored = _documents_folder / document.file.name
        assert stored.exists()
        organisation_delete(actor=manager, organisation=organisation)
    assert not Document.objects.exists() and not stored.exists()


def test_documents_go_to_an_s3_compatible_store_when_configured(
    settings: Any, manager: Any
) -> None:
    moto = pytest.importorskip("moto")
    import boto3

    with moto.mock_aws():
        boto3.client("s3", region_name="eu-central-1").create_bucket(
            Bucket="siec-dokumenty",
            CreateBucketConfiguration={"LocationConstraint": "eu-central-1"},
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "siec-dokumenty",
                    "region_name": "eu-central-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "location": "documents",
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
        organisation = OrganisationFactory()
        document = document_add(
            actor=manager,
            owner=organisation,
            upload=SimpleUploadedFile("umowa.pdf", PDF),
            kind="agreement",
        )
        keys = [
            item["Key"]
            for item in boto3.client("s3", region_name="eu-central-1").list_objects_v2(
                Bucket="siec-dokumenty"
            )["Contents"]
        ]
        assert keys == [f"documents/{document.file.name}"]
        assert storages["documents"].__class__.__name__ == "S3Storage"
        client = signed_in(manager)
        download = client.get(reverse("document_download", args=[document.pk]))
        assert b"".join(download.streaming_content) == PDF
