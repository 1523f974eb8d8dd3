"""Every API list's bench floor (``benchmarks.floors``) answers what its endpoint answers, field
by field: a floor that leaves a field out (or sorts otherwise) makes ``make bench``'s ratio
look worse than it is. The floors are PostgreSQL's SQL."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory

from benchmarks.cases import all_cases
from benchmarks.dataset import DataSet
from benchmarks.floors import FLOORS, floor_view
from benchmarks.floors.check import differences
from crm.tags.services import tag_get_or_create
from tests.api.world import build_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the floors are PostgreSQL SQL"),
]

# Its summaries are the application's translated sentences (and a record's changed fields,
# told from two history rows): the floor reads the raw facts, and the check says so.
NOT_THE_SAME_TEXT = {"organisation-timeline"}


def test_every_api_floor_answers_the_fields_and_values_of_its_endpoint(
    api: Any, manager: Any
) -> None:
    world = build_world(assignee=manager)
    # Tags, as some rows of the bench data have them (by name, then id, in both answers).
    for name in ("zielone", "ekonomia społeczna"):
        tag = tag_get_or_create(actor=manager, name=name)
        world.a.organisation.tags.add(tag)
        world.a.person.tags.add(tag)
    data = DataSet(
        seed=0,
        anchor=datetime.date.today(),
        details={
            "busiest_organisation": world.a.organisation.pk,
            "largest_network": world.a.network.pk,
        },
    )
    client = api(manager)
    checked, found = 0, {}
    for case in all_cases(data):
        floor_path = case.floor_path
        if not case.path.startswith("/api/") or case.floor not in FLOORS or floor_path is None:
            continue
        if case.floor in NOT_THE_SAME_TEXT:
            continue
        ours = client.get(case.path)
        request = RequestFactory().get(floor_path)
        request.user = manager
        floor = floor_view(request, case.floor)
        assert (ours.status_code, floor.status_code) == (200, 200), case.name
        checked += 1
        unlike = differences(ours.json(), json.loads(floor.content))
        if unlike:
            found[case.name] = unlike

    assert found == {}, "\n".join(
        f"{name}: {line}" for name, lines in found.items() for line in lines
    )
    assert checked > 50
