"""The search box on PostgreSQL reads every kind through its trigram indexes: no kind is
answered by reading its whole table, whatever the table holds (issue 16)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection

from contacts.models import Organisation, Person
from interactions.models import Event, EventKind
from networks.models import Partnership, PartnershipKind
from tests.perf.plans import plans_of, postgres_only, seq_scans, uses_index
from tests.web.conftest import client_for

pytestmark = postgres_only

GIN = [
    "contacts_organisation_search_name_trgm",
    "contacts_organisation_search_town_trgm",
    "person_last_name_folded_trgm",
    "person_first_name_folded_trgm",
    "person_email_upper_trgm",
    "event_title_folded_trgm",
    "partnership_title_folded_trgm",
]


@pytest.fixture
def many() -> None:
    """A few thousand rows of each large kind, the sought ones among them, their GIN pending
    lists flushed (as autovacuum does), so the planner prices the indexes as in production."""
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Stowarzyszenie {n}", search_name=f"stowarzyszenie {n}", kind="association"
        )
        for n in range(3000)
    )
    Organisation.objects.bulk_create(
        [Organisation(name="Zakład Łomżanka", search_name="zaklad lomzanka", kind="zaz")]
    )
    Person.objects.bulk_create(
        Person(first_name="Jan", last_name=f"Nowak {n}", email=f"jan{n}@example.pl")
        for n in range(3000)
    )
    Person.objects.bulk_create([Person(first_name="Łucja", last_name="Łomżyńska")])
    day = datetime.date(2025, 5, 1)
    Event.objects.bulk_create(
        Event(kind=EventKind.FAIR, title=f"Targi {n}", starts_on=day) for n in range(500)
    )
    Event.objects.bulk_create([Event(kind=EventKind.FAIR, title="Targi w Łomży", starts_on=day)])
    Partnership.objects.bulk_create(
        Partnership(kind=PartnershipKind.COOPERATION, title=f"Umowa {n}", starts_on=day)
        for n in range(3000)
    )
    Partnership.objects.bulk_create(
        [Partnership(kind=PartnershipKind.COOPERATION, title="Catering w Łomży", starts_on=day)]
    )
    with connection.cursor() as cursor:
        for name in GIN:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


@pytest.mark.parametrize("url", ["/szukaj/?q=lomz", "/api/v1/search/?q=lomz"])
def test_every_kind_is_read_through_its_trigram_index(
    many: None, team_member: Any, url: str
) -> None:
    if url.startswith("/api/"):
        from tests.api.conftest import client_for as api_client

        run = lambda: api_client(team_member).get(url)  # noqa: E731
    else:
        run = lambda: client_for(team_member).get(url)  # noqa: E731
    found = plans_of(run)
    assert not seq_scans(found)
    for table, index in [
        ("contacts_organisation", "contacts_organisation_search_name_trgm"),
        ("contacts_person", "person_last_name_folded_trgm"),
        ("contacts_person", "person_first_name_folded_trgm"),
        ("contacts_person", "person_email_upper_trgm"),
        ("interactions_event", "event_title_folded_trgm"),
        ("networks_partnership", "partnership_title_folded_trgm"),
    ]:
        assert uses_index(found, f'FROM "{table}"', index), (table, index)


def test_the_lists_behind_show_all_use_the_same_indexes(many: None, team_member: Any) -> None:
    """ "Show all" opens each kind's list filtered by the query: the same search, the same
    indexes."""
    client = client_for(team_member)
    for url, table, index in [
        ("/osoby/?search=lomz", "contacts_person", "person_last_name_folded_trgm"),
        ("/wydarzenia/?search=lomz", "interactions_event", "event_title_folded_trgm"),
        ("/partnerstwa/?search=lomz", "networks_partnership", "partnership_title_folded_trgm"),
    ]:
        found = plans_of(lambda url=url: client.get(url))
        assert not seq_scans(found), url
        assert uses_index(found, f'FROM "{table}"', index), url
