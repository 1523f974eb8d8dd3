"""Errors are JSON with a message and per-field details, in the user's language, with the
status that says what happened — never a 500 for bad input."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import IntegrityError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from contacts.models import Organisation, Person
from interactions.models import FollowUp
from tests.api.conftest import GMINA_A

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_with_a_polish_message_and_a_challenge(api):
    response = api(None).get("/api/v1/organisations/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"] == "Nie podano danych uwierzytelniających."


def test_messages_follow_the_accept_language(api, viewer):
    url = "/api/v1/organisations/999999/"
    english = api(viewer).get(url, HTTP_ACCEPT_LANGUAGE="en")
    polish = api(viewer).get(url, HTTP_ACCEPT_LANGUAGE="pl")
    assert (english.status_code, polish.status_code) == (404, 404)
    assert english.json()["message"] == "Not found."
    assert polish.json()["message"] == "Nie znaleziono."


def test_session_login_works_and_writes_need_csrf(manager, org_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.get(f"/api/v1/organisations/{org_a.pk}/").status_code == 200
    response = client.patch(
        f"/api/v1/organisations/{org_a.pk}/", {"short_name": "X"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_drf_create_token_command_gives_a_working_token(manager, org_a):
    from django.core.management import call_command

    call_command("drf_create_token", manager.username, stdout=mock.MagicMock())
    token = Token.objects.get(user=manager)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"/api/v1/organisations/{org_a.pk}/").status_code == 200


def test_malformed_json_is_a_400(api, manager):
    response = api(manager).generic(
        "POST", "/api/v1/organisations/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_unknown_address_under_api_is_a_json_404(api, manager):
    response = api(manager).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert api(manager).get("/api/v1/organisations/1.5/").json()["code"] == "not_found"


def test_too_large_body_is_a_413(api, manager, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(manager).post(
        "/api/v1/organisations/",
        {"name": "x" * 5000, "kind": "association"},
        format="json",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Organisation.objects.exists()


def test_unique_violation_that_races_past_validation_is_a_409(api, manager):
    # Two clients posting the same NIP at once: the second one's check passes, the INSERT
    # does not. The database's refusal must reach the client as a conflict, not a 500.
    nip = "5260001246"
    with mock.patch.object(Organisation, "validate_constraints"):
        Organisation.objects.create(name="Pierwsza", kind="association", nip=nip)
        response = api(manager).post(
            "/api/v1/organisations/",
            {"name": "Druga", "kind": "association", "nip": nip},
            format="json",
        )
    assert response.status_code == 409, response.content
    assert "nip" in response.json()["errors"]


def test_integrity_error_that_is_not_a_conflict_is_a_400():
    from crm.api.exceptions import translate

    error = translate(IntegrityError("CHECK constraint failed: organisation_dates_in_order"))
    assert error.status_code == 400  # type: ignore[attr-defined]


def test_taken_person_email_is_a_409_on_the_email_field(api, manager):
    Person.objects.create(last_name="Kowalska", email="anna@example.pl")
    response = api(manager).post(
        "/api/v1/people/", {"last_name": "Nowak", "email": "ANNA@example.pl"}, format="json"
    )
    assert response.status_code == 409, response.content
    assert list(response.json()["errors"]) == ["email"]


def test_service_validation_error_is_a_400_with_field_details(api, manager, org_a):
    response = api(manager).patch(
        f"/api/v1/organisations/{org_a.pk}/",
        {"founded_on": "2020-01-01", "closed_on": "2019-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "closed_on" in response.json()["errors"]


def test_someone_elses_follow_up_is_a_404_and_absent_from_lists(api, team_member, manager, org_a):
    mine = FollowUp.objects.create(
        title="Mój", due_on=datetime.date(2026, 1, 1), assignee=team_member, organisation=org_a
    )
    theirs = FollowUp.objects.create(
        title="Cudzy", due_on=datetime.date(2026, 1, 1), assignee=manager, organisation=org_a
    )
    client = api(team_member)
    assert client.get(f"/api/v1/follow-ups/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/follow-ups/{theirs.pk}/complete/").status_code == 404
    body = client.get("/api/v1/follow-ups/").json()
    assert (body["count"], [row["id"] for row in body["results"]]) == (1, [mine.pk])
    assert api(manager).get(f"/api/v1/follow-ups/{theirs.pk}/").status_code == 200


def test_viewer_sees_no_personal_data_anywhere(api, viewer, org_a):
    client = api(viewer)
    for path in ("people/", "affiliations/", "interactions/", "participations/", "follow-ups/"):
        assert client.get(f"/api/v1/{path}").status_code == 403, path
    assert (
        client.post(
            "/api/v1/organisations/",
            {"name": "X", "kind": "other", "gmina": GMINA_A},
            format="json",
        ).status_code
        == 403
    )
