"""The start page counts the people owed the art. 14 notice from their own partial index."""

from __future__ import annotations

from typing import Any

from contacts.models import Person
from crm.top.notices.selectors import notice_counts
from tests.perf.plans import plans_of, postgres_only, seq_scans, shape

pytestmark = postgres_only


def test_the_notice_counts_read_the_people_owed_it_not_everyone(manager: Any) -> None:
    Person.objects.bulk_create(
        Person(
            first_name="Anna",
            last_name=f"Nowak {n}",
            data_origin=Person.DataOrigin.ELSEWHERE
            if n % 50 == 0
            else Person.DataOrigin.FROM_PERSON,
        )
        for n in range(3000)
    )
    counts = None

    def count() -> None:
        nonlocal counts
        counts = notice_counts(manager)

    found = [(sql, plan) for sql, plan in plans_of(count) if "contacts_person" in sql]
    assert counts is not None and counts.owed == 60
    assert len(found) == 2
    assert not seq_scans(found)
    for _sql, plan in found:
        assert "person_notice_owed" in shape(plan), shape(plan)
