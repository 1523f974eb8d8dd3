"""Every API route and method, for every role, on an object of subregion A and of B.

The routes are read from the URL resolver: a new endpoint under /api/ that is not classified in
``matrix.py`` fails ``test_every_api_route_is_in_the_matrix``, so nothing ships unclassified. Each
request runs in a transaction that is rolled back, so the cases do not disturb one another.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.api.conftest import client_for
from tests.api.matrix import (
    CROSSING,
    DELETE,
    IMPORTS,
    IMPORTS_RESUME,
    IMPORTS_REVERT,
    MONITORING_EDIT,
    PERSONAL_EXPORT,
    PUBLIC,
    READ,
    READ_PERSONAL,
    ROLES,
    ROUTES,
    WRITE,
    WRITE_ANY,
    Case,
    api_routes,
)
from tests.api.matrix.cases import CROSS_LINK, IMPORTS_OWN, NEW_PERSON_LINK, OWN
from tests.api.world import build_world

pytestmark = pytest.mark.django_db


def expected_status(case: Case, role: str, side: str, method: str) -> int:
    ok = case.ok or {"post": 201}.get(method, 200)
    if case.policy == PUBLIC:
        return 200
    if role == "anonymous":
        return 401
    if case.policy in (READ, OWN):
        return ok
    if case.policy == READ_PERSONAL:
        return 403 if role == "viewer" else ok
    if case.policy == WRITE:
        if role == "viewer" or (role == "owes_partner" and side == "B"):
            return 403
        return ok
    if case.policy == WRITE_ANY:
        return 403 if role == "viewer" else ok
    if case.policy == DELETE:
        return ok if role in ("manager", "admin_user") else 403
    if case.policy == MONITORING_EDIT:
        return ok if role in ("manager", "admin_user") else 403
    if case.policy == IMPORTS:
        return ok if role in ("team_member", "manager", "admin_user", "owes_partner") else 403
    if case.policy == IMPORTS_OWN:
        if role == "owes_partner":
            return ok if side == "A" else 404  # B's batch is not among theirs
        return ok if role in ("team_member", "manager", "admin_user") else 403
    if case.policy in (IMPORTS_REVERT, IMPORTS_RESUME):
        return ok if role in ("manager", "admin_user") else 403
    if case.policy == PERSONAL_EXPORT:
        if role == "owes_partner":
            return ok if side == "A" else 403
        return ok if role in ("manager", "admin_user") else 403
    if case.policy == CROSS_LINK:
        return 403 if role in ("viewer", "owes_partner") else ok
    if case.policy == NEW_PERSON_LINK:
        return 403 if role == "viewer" else ok
    raise AssertionError(f"unknown policy {case.policy}")


def test_every_api_route_is_in_the_matrix() -> None:
    routes = api_routes()
    assert routes - set(ROUTES) == set(), "API routes missing from the permission matrix"
    assert set(ROUTES) - routes == set(), "matrix entries for routes that no longer exist"


def _run(client: Any, world: Any, role: str, label: str, method: str, case: Case) -> list[str]:
    failures = []
    for side in ("A", "B") if case.sided else ("A",):
        url, payload = case.build(world, side)
        with transaction.atomic():
            if method == "get":
                response = client.get(url)
            else:
                body_format = "multipart" if case.multipart else "json"
                response = getattr(client, method)(url, payload, format=body_format)
            transaction.set_rollback(True)
        if response.streaming:  # a download's file is closed once it has been read
            b"".join(response.streaming_content)
        want = expected_status(case, role, side, method)
        if response.status_code != want:
            body = response.content[:300] if response.status_code != 200 else b""
            failures.append(
                f"{method.upper()} {label} [{side}] → {response.status_code}, "
                f"expected {want} {body!r}"
            )
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role: str, request: pytest.FixtureRequest) -> None:
    user = None if role == "anonymous" else request.getfixturevalue(role)
    world = build_world(assignee=user)
    client = client_for(user)
    failures = []
    for (name, method), case in sorted(ROUTES.items()):
        failures += _run(client, world, role, name, method, case)
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_personal_data_across_subregions(role: str, request: pytest.FixtureRequest) -> None:
    """Further cells of routes above: naming another subregion's organisation or person on a
    new record, which would bring its records into an OWES partner's reach (issue 13)."""
    user = None if role == "anonymous" else request.getfixturevalue(role)
    world = build_world(assignee=user)
    client = client_for(user)
    failures = []
    for label, ((name, method), case) in CROSSING.items():
        assert (name, method) in ROUTES, f"{label}: no such route {name} {method}"
        failures += _run(client, world, role, f"{name}: {label}", method, case)
    assert failures == []
