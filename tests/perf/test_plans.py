"""The plan helpers the EXPLAIN tests share: they see a sequential scan when there is one."""

from __future__ import annotations

import pytest

from contacts.models import Organisation
from tests.perf.plans import (
    assert_no_seq_scan,
    plan_of,
    plans_of,
    postgres_only,
    seq_scans,
    shape,
    whole_index_walks,
)

pytestmark = postgres_only


def _organisations(count: int) -> list[Organisation]:
    return Organisation.objects.bulk_create(
        Organisation(name=f"Podmiot {n}", search_name=f"podmiot {n}", kind="association")
        for n in range(count)
    )


def test_a_filter_no_index_answers_is_reported_as_a_scan_of_its_table() -> None:
    _organisations(200)
    # notes has no index: only a scan can answer (or, with scans priced out, a walk of the
    # whole primary key index, filtering every row).
    unindexed = Organisation.objects.filter(notes__contains="x")
    assert seq_scans(plan_of(unindexed, seqscan=True)) == ["contacts_organisation"]
    with pytest.raises(AssertionError, match="contacts_organisation"):
        assert_no_seq_scan(unindexed, seqscan=True)
    # Another table named: the same scan is not that table's.
    assert_no_seq_scan(unindexed, "interactions_interaction", seqscan=True)
    (walk,) = whole_index_walks(plan_of(unindexed))
    assert walk.startswith("contacts_organisation by ")
    # A LIMIT stops the walk: the first page in key order is not a read of the table.
    assert not whole_index_walks(plan_of(unindexed.order_by("pk")[:5]))


def test_a_primary_key_lookup_passes_and_shows_its_index() -> None:
    first = _organisations(200)[0]
    plan = assert_no_seq_scan(Organisation.objects.filter(pk=first.pk))
    # Two indexes lead with the id: the key itself and the covering one of the start page.
    assert shape(plan) in (["contacts_organisation_pkey"], ["organisation_kind_place"])
    found = plans_of(lambda: list(Organisation.objects.filter(pk=first.pk)))
    assert len(found) == 1 and not seq_scans(found)
