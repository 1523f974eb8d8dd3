"""Exports over the API: a list with its endpoint's filters is exported in the background, its
status followed and its file downloaded by whoever asked for it, with the pages' rules on who
exports what and which columns are personal."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from crm.audit.models import ActionLog
from crm.exports.models import ExportJob
from tests.api.world import build_world
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _read(response: Any) -> bytes:
    # Read to the end: the test client then closes the file (as a WSGI server would).
    return b"".join(response.streaming_content)


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    content = _read(response)
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def _start(client: Any, body: dict[str, Any], callbacks: Any) -> Any:
    with callbacks(execute=True):  # the broker hands the job to a worker (eager in tests)
        return client.post("/api/v1/exports/", body, format="json")


def test_an_export_with_the_lists_filters_is_followed_and_downloaded(
    api: Any, team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    OrganisationFactory.create_batch(2, kind="foundation", name="Fundacja Dobra")
    OrganisationFactory(kind="association", name="Stowarzyszenie Inne")
    client = api(team_member)
    filters = {"kind": ["foundation"], "search": "fundacja"}

    started = _start(
        client, {"list": "organisations", "filters": filters}, django_capture_on_commit_callbacks
    )
    job = started.json()
    status = client.get(f"/api/v1/exports/{job['id']}/").json()
    listed = client.get("/api/v1/organisations/", filters).json()
    rows = _sheet(client.get(status["file"]))

    assert started.status_code == 201, started.content
    assert job["status"] == "queued" and job["list"] == "organisations" and job["total"] == 2
    assert status["status"] == "done" and status["done"] == 2 and status["format"] == "xlsx"
    assert status["file"] == f"/api/v1/exports/{job['id']}/file/"
    assert sorted(r[1] for r in rows[1:]) == sorted(o["name"] for o in listed["results"])
    assert rows[0][1] == "Nazwa"
    assert client.get("/api/v1/exports/").json()["results"][0]["id"] == job["id"]
    queued = ActionLog.objects.get(verb="exports.job.queued")
    assert queued.details == {"list": "organisations", "rows": 2}


def test_an_export_is_its_requesters_only(
    api: Any, team_member: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    OrganisationFactory()
    job = _start(
        api(team_member),
        {"list": "organisations", "format": "csv"},
        django_capture_on_commit_callbacks,
    ).json()

    assert api(manager).get(f"/api/v1/exports/{job['id']}/").status_code == 404
    assert api(manager).get(f"/api/v1/exports/{job['id']}/file/").status_code == 404
    assert api(manager).get("/api/v1/exports/").json()["count"] == 0
    download = api(team_member).get(f"/api/v1/exports/{job['id']}/file/")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert _read(download).decode("utf-8-sig").startswith("ID;")


def test_a_file_not_written_yet_is_a_409(
    api: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(manager)
    with django_capture_on_commit_callbacks(execute=False):  # no worker has taken it yet
        job = client.post("/api/v1/exports/", {"list": "events"}, format="json").json()

    response = client.get(f"/api/v1/exports/{job['id']}/file/")
    assert response.status_code == 409
    assert client.get(f"/api/v1/exports/{job['id']}/").json()["file"] is None


def test_filters_the_list_does_not_take_or_refuses_are_a_400(api: Any, manager: Any) -> None:
    client = api(manager)
    cases = {
        "unknown": {"list": "organisations", "filters": {"colour": "red"}},
        "bad value": {"list": "organisations", "filters": {"kind": "spaceship"}},
        "not a list": {"list": "follow-ups", "filters": {}},
    }
    for label, body in cases.items():
        response = client.post("/api/v1/exports/", body, format="json")
        assert response.status_code == 400, label
    assert ExportJob.objects.count() == 0


def test_viewers_export_without_personal_columns_and_no_personal_lists(
    api: Any, viewer: Any, team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world = build_world(assignee=team_member)
    viewer_client = api(viewer)

    members = _start(viewer_client, {"list": "memberships"}, django_capture_on_commit_callbacks)
    refused = viewer_client.post("/api/v1/exports/", {"list": "people"}, format="json")
    as_team = _start(api(team_member), {"list": "memberships"}, django_capture_on_commit_callbacks)

    viewer_rows = _sheet(viewer_client.get(f"/api/v1/exports/{members.json()['id']}/file/"))
    team_rows = _sheet(api(team_member).get(f"/api/v1/exports/{as_team.json()['id']}/file/"))
    assert members.status_code == 201 and refused.status_code == 403
    assert "Przedstawiciel" in team_rows[0] and "Przedstawiciel" not in viewer_rows[0]
    assert len(viewer_rows) == len(team_rows) == 3  # the header and both sides' memberships
    assert world.a.membership.pk


def test_an_owes_partner_exports_people_as_the_list_shows_them(
    api: Any, owes_partner: Any, team_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    build_world(assignee=team_member)
    client = api(owes_partner)
    started = _start(
        client, {"list": "people", "format": "csv"}, django_capture_on_commit_callbacks
    )
    listed = client.get("/api/v1/people/").json()

    assert started.status_code == 201
    assert started.json()["total"] == listed["count"]
