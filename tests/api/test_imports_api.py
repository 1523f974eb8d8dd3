"""``/api/v1/imports/``: upload with its dry run, the plan's rows, confirm, revert, the report."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Organisation
from crm.top.imports.models import ImportBatch
from crm.top.imports.pipeline import fingerprints
from tests.imports.conftest import EXPECTED, SAMPLE_CSV, work_off

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/"


def sample() -> SimpleUploadedFile:
    return SimpleUploadedFile(SAMPLE_CSV.name, SAMPLE_CSV.read_bytes(), content_type="text/csv")


def upload(client: Any, **fields: Any) -> Any:
    """Upload, and have the worker run the dry run the upload queued."""
    body = {"source": "OWES subregionu bielskiego", "file": sample(), **fields}
    response = client.post(URL, body, format="multipart")
    if response.status_code == 201:
        work_off(response.json()["id"])
    return response


def confirmed(client: Any, batch_id: int, capture: Any) -> Any:
    with capture(execute=True):  # the apply is enqueued on commit and runs in-process
        return client.post(f"{URL}{batch_id}/confirm/")


def test_upload_plans_the_file_and_writes_no_organisation(api: Any, team_member: Any) -> None:
    client = api(team_member)
    response = upload(client)

    assert response.status_code == 201
    assert response.json()["status"] == "plan_queued"  # the dry run runs in the background
    body = client.get(f"{URL}{response.json()['id']}/").json()
    assert body["status"] == "planned"
    assert body["original_name"] == SAMPLE_CSV.name
    assert body["source"] == "OWES subregionu bielskiego"
    assert body["counts"]["create"] == EXPECTED["organisations_created"]
    assert body["counts"]["error"] == len(EXPECTED["rows_with_errors"])
    assert body["counts"]["merged"] == len(EXPECTED["rows_merged_into_earlier"])
    assert body["counts"]["ignored"] == len(EXPECTED["rows_ignored"])
    assert body["header_row"] == EXPECTED["header_row"]
    assert body["encoding"] == EXPECTED["encoding"]
    assert body["delimiter"] == EXPECTED["delimiter"]
    assert body["progress"] == {"done": 0, "total": EXPECTED["organisations_created"]}
    assert body["planned_at"] and body["applied_at"] is None
    assert not Organisation.objects.exists()


def test_binary_file_named_csv_is_refused_with_a_reason_and_nothing_stored(
    api: Any, manager: Any
) -> None:
    binary = SimpleUploadedFile("lista.csv", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))

    response = upload(api(manager), file=binary)

    assert response.status_code == 400
    assert "binarny" in response.json()["errors"]["file"][0]
    assert not ImportBatch.objects.exists()


def test_upload_without_source_is_refused_on_that_field(api: Any, manager: Any) -> None:
    response = api(manager).post(URL, {"file": sample()}, format="multipart")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"source"}
    assert not ImportBatch.objects.exists()


def test_upload_errors_come_in_the_users_language(api: Any, manager: Any) -> None:
    client = api(manager)

    english = client.post(URL, {"file": sample()}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    polish = client.post(URL, {"file": sample()}, format="multipart", HTTP_ACCEPT_LANGUAGE="pl")

    assert english.json()["message"] == "Some of the data is not valid."
    assert polish.json()["message"] == "Część danych jest nieprawidłowa."


def test_list_is_newest_first_and_rows_filter_by_outcome(api: Any, manager: Any) -> None:
    client = api(manager)
    first = upload(client).json()["id"]
    second = upload(client).json()["id"]

    listed = client.get(URL).json()
    errors = client.get(f"{URL}{first}/rows/?outcome=error").json()
    merged = client.get(f"{URL}{first}/rows/?outcome=merged").json()

    assert [b["id"] for b in listed["results"]] == [second, first]
    assert [r["row_number"] for r in errors["results"]] == [10]
    assert any("NIP" in m for m in errors["results"][0]["messages"])
    assert merged["results"][0]["merged_into_row"] == 4
    assert client.get(f"{URL}{first}/").json()["id"] == first
    assert client.get(f"{URL}{first}/rows/?outcome=nonsense").status_code == 400


def test_confirm_applies_in_the_background_and_creates_the_organisations(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]

    response = confirmed(client, batch_id, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert Organisation.objects.count() == EXPECTED["organisations_created"]
    applied = client.get(f"{URL}{batch_id}/").json()
    assert applied["status"] == "applied"
    assert applied["progress"]["done"] == applied["progress"]["total"]


def test_confirming_twice_is_a_conflict(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]
    confirmed(client, batch_id, django_capture_on_commit_callbacks)

    again = client.post(f"{URL}{batch_id}/confirm/")

    assert again.status_code == 409
    assert again.json()["message"] == "Zatwierdzić można tylko zaplanowany import."


def test_reimport_lists_its_unchanged_rows(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    confirmed(client, upload(client).json()["id"], django_capture_on_commit_callbacks)

    again = client.get(f"{URL}{upload(client).json()['id']}/").json()
    unchanged = client.get(f"{URL}{again['id']}/unchanged/").json()
    staged = client.get(f"{URL}{again['id']}/rows/?outcome=unchanged").json()

    assert again["counts"]["unchanged"] == EXPECTED["organisations_created"]
    assert again["counts"]["create"] == 0
    # PostgreSQL's fingerprints list (most of) them in /unchanged/; the rest are staged rows.
    assert unchanged["count"] + staged["count"] == EXPECTED["organisations_created"]
    assert (unchanged["count"] > 0) == fingerprints.enabled()
    organisations = {r["organisation_id"] for r in unchanged["results"] + staged["results"]}
    assert organisations == set(Organisation.objects.values_list("pk", flat=True))


def test_the_rows_of_an_applied_import_name_the_organisations_they_created(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]
    confirmed(client, batch_id, django_capture_on_commit_callbacks)

    created = client.get(f"{URL}{batch_id}/rows/?outcome=create").json()

    assert created["count"] == EXPECTED["organisations_created"]
    organisations = [r["organisation_id"] for r in created["results"]]
    assert sorted(organisations) == sorted(Organisation.objects.values_list("pk", flat=True))


def test_revert_removes_what_the_import_created(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]
    confirmed(client, batch_id, django_capture_on_commit_callbacks)

    response = client.post(f"{URL}{batch_id}/revert/")

    assert response.status_code == 200
    assert response.json()["status"] == "reverted"
    assert not Organisation.objects.exists()


def test_revert_is_refused_with_the_reason_when_a_record_changed_since(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]
    confirmed(client, batch_id, django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get(nip="9720078986")
    client.patch(f"/api/v1/organisations/{organisation.pk}/", {"short_name": "Żubr"})

    response = client.post(f"{URL}{batch_id}/revert/")

    assert response.status_code == 409
    assert "Rekordy zmienione po tym imporcie (1)" in response.json()["message"]
    [changed] = response.json()["changed"]
    assert (changed["type"], changed["id"]) == ("organisation", organisation.pk)
    assert changed["fields"] == [{"field": "nazwa skrócona", "at_import": "—", "now": "Żubr"}]
    assert Organisation.objects.count() == EXPECTED["organisations_created"]

    kept = client.post(f"{URL}{batch_id}/revert/", {"keep_changed": True}, format="json")

    assert kept.status_code == 200
    assert f"organisation:{organisation.pk}" in kept.json()["counts"]["kept_on_revert"]
    assert list(Organisation.objects.all()) == [organisation]


def test_team_member_may_import_but_not_revert(
    api: Any, team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(team_member)
    batch_id = upload(client).json()["id"]
    confirmed(client, batch_id, django_capture_on_commit_callbacks)

    response = client.post(f"{URL}{batch_id}/revert/")

    assert response.status_code == 403
    assert Organisation.objects.count() == EXPECTED["organisations_created"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_report_lists_the_rows_not_imported(api: Any, manager: Any, fmt: str) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]

    response = client.get(f"{URL}{batch_id}/report/?format={fmt}")

    assert response.status_code == 200
    assert f"import-{batch_id}-bledy.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("Wiersz") and lines[0].endswith("Powód")
        assert len(lines) == 2 and lines[1].startswith("10")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None and sheet.max_row == 2


def test_report_of_a_missing_batch_is_a_json_404(api: Any, manager: Any) -> None:
    response = api(manager).get(f"{URL}999999/report/?format=xlsx")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


# OWES partners import their own subregions' lists (tests/imports/test_partner_imports.py).
@pytest.mark.parametrize("persona", ["viewer"])
def test_roles_without_imports_are_refused(
    api: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    client = api(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert upload(client).status_code == 403
    assert not ImportBatch.objects.exists()


def test_anonymous_is_asked_to_sign_in(api: Any) -> None:
    assert api(None).get(URL).status_code == 401
    assert upload(api(None)).status_code == 401


@pytest.mark.django_db(transaction=True)  # the API learns of the outage at the commit
def test_confirm_while_the_queue_is_down_is_accepted_with_a_notice(api: Any, manager: Any) -> None:
    from unittest import mock

    from kombu.exceptions import OperationalError

    from crm.top.imports.tasks import apply_batch

    client = api(manager)
    batch_id = upload(client).json()["id"]

    with mock.patch.object(apply_batch, "apply_async", side_effect=OperationalError("111")):
        response = client.post(f"{URL}{batch_id}/confirm/")

    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert "kolejką zadań" in response.json()["notice"]
    assert not Organisation.objects.exists()


def test_manager_resumes_an_import_and_a_team_member_may_not(
    api: Any, manager: Any, team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    batch_id = upload(client).json()["id"]
    # Confirmed while Redis restarted empty: queued, its message gone.
    ImportBatch.objects.filter(pk=batch_id).update(status="queued")

    assert api(team_member).post(f"{URL}{batch_id}/resume/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{batch_id}/resume/")

    assert response.status_code == 202
    assert client.get(f"{URL}{batch_id}/").json()["status"] == "applied"
    assert Organisation.objects.count() == EXPECTED["organisations_created"]
    assert client.post(f"{URL}{batch_id}/resume/").status_code == 409
