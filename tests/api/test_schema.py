"""The OpenAPI schema is valid, the docs page loads nothing from a CDN, and a fuzzer driven by
the schema finds no server error and no response that breaks the schema."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client, TestResponse

from config.wsgi import application
from crm.models import User
from tests.api.world import build_world


def test_schema_is_valid_and_has_no_warnings() -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


@pytest.mark.django_db
def test_docs_page_is_public_and_loads_nothing_from_a_cdn(client: Any) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "https://" not in page and "//cdn" not in page


@pytest.mark.django_db
def test_schema_is_public_and_every_operation_documents_its_errors(client: Any) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) > 60
    for path, method, operation in operations:
        assert operation.get("summary"), f"{method.upper()} {path} has no summary"
        assert {"401", "403"} <= set(operation["responses"]), f"{method.upper()} {path}"
        if "{" in path:
            assert "404" in operation["responses"], f"{method.upper()} {path}"


# The schema is read through the WSGI application, as an outside client would read it.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


class ClosingClient(Client):
    """werkzeug's test client, closing what a request opened, as a WSGI server does.

    A multipart body over 500 KB (the fuzzer sends form bodies to every operation that takes
    one) is spooled to a temporary file that werkzeug never closes: it was the "unclosed file
    <_io.BufferedRandom>" ResourceWarning that failed a later test when the garbage collector
    happened to find it there. Reading the answer whole also calls the application's close()
    (Django's response.close(): the request's uploaded files, the request_finished signal).
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        kwargs["buffered"] = True
        response = super().open(*args, **kwargs)
        response.request.environ["wsgi.input"].close()
        return response


@pytest.fixture
def leaks_show_here() -> Iterator[None]:
    """A full collection after each operation: a file left open warns (an error under the
    suite's filterwarnings) in the operation that opened it, not in whichever later test the
    garbage collector happens to run in."""
    yield
    gc.collect()


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Any:
    """What Django's test client does: requests through the real WSGI handler would otherwise
    close the database connection at their end (it is in the test's transaction, so PostgreSQL
    would lose everything the test set up)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: None, wsgi_keeps_the_test_connection: None) -> dict[str, str]:
    """A token for every role that uses the API: what one may do, another may not."""
    manager = User.objects.create(username="fuzz-manager", role="manager")
    world = build_world(assignee=manager)  # something to find, change and refer to
    partner = User.objects.create(username="fuzz-partner", role="owes_partner")
    partner.subregions.add(world.side("A").organisation.gmina.subregion)
    users = [
        manager,
        User.objects.create(username="fuzz-team", role="team"),
        partner,
        User.objects.create(username="fuzz-viewer", role="viewer"),
    ]
    return {user.role: Token.objects.create(user=user).key for user in users}


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(
    case: Any, tokens: dict[str, str], leaks_show_here: None
) -> None:
    # Every generated case is sent as each role: the same setup, four kinds of answers.
    for role, token in tokens.items():
        try:
            case.call_and_validate(
                session=ClosingClient(application),  # type: ignore[arg-type]
                headers={"Authorization": f"Token {token}"},
                checks=[
                    not_a_server_error,
                    response_schema_conformance,
                    status_code_conformance,
                    content_type_conformance,
                ],
            )
        except Exception as error:
            error.add_note(f"as {role}")
            raise
