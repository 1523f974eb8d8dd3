"""A NUL byte anywhere in a request is a 400 with a clear message, never a 500.

PostgreSQL text cannot hold U+0000: a NUL that reaches a query is a ``DataError`` (a 500). It is
refused once, before any view: query strings and form fields by a middleware, JSON bodies by
the API's parser.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import GMINA_A

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.mark.parametrize(
    "url",
    [
        "/katalog/api.json?kind=%00",
        "/katalog/?subregion=%00",
        "/katalog/?%00=1",
        "/api/v1/indicators/pes_active/records/?category=%00",
    ],
)
def test_nul_in_a_query_string_is_a_400_also_anonymously(url):
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_nul_in_a_query_string_is_a_400_for_a_signed_in_user(api, manager):
    response = api(manager).get(
        "/api/v1/indicators/pes_active/records/?category=%00", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "nul_byte"
    assert "NUL" in body["message"]


def test_nul_in_a_page_query_string_speaks_polish(client, manager):
    client.force_login(manager)
    response = client.get("/organizacje/?gmina=%00", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 400
    assert "znak NUL" in response.content.decode()


def test_nul_in_a_form_field_is_a_400(client, manager):
    client.force_login(manager)
    response = client.post(
        "/organizacje/nowa/",
        "name=A%00&kind=association&gmina=2005011%00",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_nul_in_a_multipart_field_is_a_400(client, manager):
    client.force_login(manager)
    response = client.post("/organizacje/nowa/", {"name": "A", "gmina": NUL, "kind": "x"})
    assert response.status_code == 400


def _bodies(org_a: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("post", "/api/v1/organisations/", {"name": "X", "kind": "association", "gmina": NUL}),
        ("patch", f"/api/v1/organisations/{org_a.pk}/", {"gmina": GMINA_A + NUL}),
        ("post", "/api/v1/events/", {"kind": "fair", "title": "T", "gmina": NUL}),
        ("post", "/api/v1/networks/", {"name": "N", "kind": "thematic", "subregion": NUL}),
        (
            "post",
            "/api/v1/interactions/",
            {"kind": "meeting", "organisations": [org_a.pk], "topics": [NUL]},
        ),
        ("post", "/api/v1/organisations/", {"name": "X", NUL: 1, "kind": "association"}),
        ("post", "/api/v1/organisations/", {"name": ["X", {"deep": "a" + NUL}]}),
    ]


def test_nul_in_a_json_body_is_a_400(api, manager, org_a):
    client = api(manager)
    for method, url, body in _bodies(org_a):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 400, (url, body, response.content)
        assert response.json()["code"] == "nul_byte", (url, body)


def test_nul_in_an_api_form_body_is_a_400(api, manager):
    response = api(manager).post(
        "/api/v1/organisations/",
        "name=X&kind=association&gmina=%00",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "nul_byte"
    response = api(manager).post(
        "/api/v1/organisations/", {"name": "X", "kind": "association", "gmina": NUL}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "nul_byte"


def test_nul_in_an_import_upload_field_is_a_400(api, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lista.csv", b"Nazwa;NIP\r\nA;1\r\n", content_type="text/csv")
    response = api(manager).post("/api/v1/imports/", {"source": "OWES" + NUL, "file": upload})
    assert response.status_code == 400
    assert response.json()["errors"] == {"source": [response.json()["message"]]}
