"""The start page's plans on PostgreSQL: the growth across networks reads the memberships in
joining order from an index, and the page reads the same plans for ten times the contacts."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from contacts.models import Organisation, OrganisationKind
from crm.web.charts import growth_window
from interactions.models import Interaction
from networks.models import Membership
from networks.selectors import network_growth
from tests.networks.factories import NetworkFactory, gmina_in
from tests.perf.plans import estimated_rows, plans_of, postgres_only, seq_scans, shape
from tests.web.conftest import client_for

pytestmark = postgres_only

D = datetime.date


def _members(count: int) -> None:
    """``count`` organisations, each in one network, every third in a second one too."""
    gmina = gmina_in("bielski")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Spółdzielnia {n}",
            search_name=f"spoldzielnia {n}",
            kind=OrganisationKind.SOCIAL_COOPERATIVE,
            gmina=gmina,
        )
        for n in range(count)
    )
    first, second = NetworkFactory(), NetworkFactory()
    Membership.objects.bulk_create(
        [
            Membership(organisation=o, network=first, joined_on=D(2018 + n % 8, 1 + n % 12, 1))
            for n, o in enumerate(organisations)
        ]
        + [
            Membership(organisation=o, network=second, joined_on=D(2020, 1, 1))
            for o in organisations[::3]
        ]
    )


def _old_contacts(count: int) -> None:
    """Contacts of an organisation from before this year, logged by no one on the page."""
    organisation = Organisation.objects.first()
    made = Interaction.objects.bulk_create(
        Interaction(
            kind="phone",
            subject=f"Telefon {n}",
            occurred_at=timezone.now() - datetime.timedelta(days=400 + n % 2000),
        )
        for n in range(count)
    )
    Interaction.organisations.through.objects.bulk_create(
        Interaction.organisations.through(interaction=i, organisation=organisation) for i in made
    )


def test_the_growth_across_networks_reads_memberships_in_joining_order(manager: Any) -> None:
    _members(600)
    start, end = growth_window(timezone.localdate())
    found = plans_of(
        lambda: network_growth(
            user=manager, interval="quarter", start=start, end=end, by=("subregion", "kind")
        )
    )
    ((_sql, plan),) = found
    # Neither the memberships nor the organisations are read whole: on the ten-year data
    # both come from index-only scans in organisation order (membership_org_joined and
    # organisation_kind_place, merged, nothing sorted); at test sizes, whose pages are not
    # yet all-visible, the planner may sort a few hundred rows instead.
    assert not seq_scans(plan)
    read = shape(plan)
    assert any(name.startswith("membership_") for name in read), read


def test_the_start_page_reads_the_same_plans_for_ten_times_the_contacts(manager: Any) -> None:
    _members(300)
    _old_contacts(300)
    client = client_for(manager)

    def start_page() -> None:
        cache.clear()  # the numbers counted, not the ones kept for a few minutes
        assert client.get("/").status_code == 200

    small = plans_of(start_page)
    _old_contacts(3000)
    large = plans_of(start_page)

    assert not seq_scans(large)
    assert [shape(plan) for _sql, plan in small] == [shape(plan) for _sql, plan in large]
    # This year's contacts are a range of the occurred_at index: its estimate follows the
    # statistics of the dates. Every other query expects the same rows with more contacts.
    this_year = '"occurred_at" >='
    assert [estimated_rows(plan) for sql, plan in small if this_year not in sql] == [
        estimated_rows(plan) for sql, plan in large if this_year not in sql
    ]
