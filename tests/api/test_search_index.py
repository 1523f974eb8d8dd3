"""On PostgreSQL, ``?search=`` is answered from the trigram indexes, not a table scan."""

from __future__ import annotations

import pytest
from django.db import connection

from contacts.filters import organisation_search
from contacts.models import Organisation
from crm.text import fold
from tests.contacts.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="trigram indexes exist only on PostgreSQL; SQLite searches by scanning",
    ),
]


WORDS = ["Podlaskie", "Razem", "Nadzieja", "Puszcza", "Rozwój", "Wsparcie", "Sąsiedzi", "Las"]
KINDS = ["Spółdzielnia Socjalna", "Fundacja", "Stowarzyszenie", "Koło Gospodyń Wiejskich"]


@pytest.fixture
def many_organisations() -> None:
    """Enough rows (5,000, analysed) that the planner chooses as it would in production."""
    rows = [
        Organisation(
            name=f"{KINDS[i % 4]} „{WORDS[i % 8]} {WORDS[(i // 8) % 8]} {i}”",
            search_name=fold(f"{KINDS[i % 4]} {WORDS[i % 8]} {WORDS[(i // 8) % 8]} {i}"),
            kind="association",
            town=f"Miejscowość {i % 300}",
            search_town=fold(f"Miejscowość {i % 300}"),
        )
        for i in range(5000)
    ]
    Organisation.objects.bulk_create(rows, batch_size=1000)
    OrganisationFactory(name="Spółdzielnia „Żubrowe Smaki”", town="Hajnówka")
    with connection.cursor() as cursor:
        # What autovacuum does to a real table: move fresh rows out of the GIN pending lists,
        # which the planner otherwise prices as a scan of everything just inserted.
        cursor.execute(
            "SELECT gin_clean_pending_list(%s::regclass), gin_clean_pending_list(%s::regclass)",
            ["contacts_organisation_search_name_trgm", "contacts_organisation_search_town_trgm"],
        )
        cursor.execute("ANALYZE contacts_organisation")


def plan_of(query: str) -> str:
    """The plan of the page the API serves: filtered, ordered by name, first 50 rows."""
    queryset = organisation_search(Organisation.objects.all(), query).order_by("search_name", "id")
    with connection.cursor() as cursor:
        # At a few thousand rows a sequential scan still costs less than the indexes (the
        # planner is right to take it); forbidding it shows what answers the query once the
        # table is large: the trigram indexes, not a walk over every row.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset[:50].explain()


def test_name_and_town_search_uses_the_trigram_indexes(many_organisations):
    plan = plan_of("spoldzielnia zubrowe")
    assert "contacts_organisation_search_name_trgm" in plan, plan
    assert "contacts_organisation_search_town_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_identifier_search_uses_the_unique_identifier_indexes(many_organisations):
    plan = plan_of("PL 526-000-12-46")
    assert "organisation_nip" in plan, plan  # the NIP index (units share their operator's)
    assert "Seq Scan" not in plan, plan
