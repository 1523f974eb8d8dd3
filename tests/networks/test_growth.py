"""Members on a date, the growth series and retention, on a hand-made history.

The history of network N in 2024 (bielski: A, B; suwalski: C, D, E):

- A joined 2023-06-01 and stays;
- B joined 2024-01-15 and left on 2024-03-31, the last day of Q1;
- C joined 2023-01-01, left 2024-02-01 and rejoined 2024-03-01 (leave and rejoin in Q1);
- D joined 2024-05-10 and left 2024-09-30, the last day of Q3;
- E (a foundation) joined on 2024-03-31.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Organisation, OrganisationKind
from networks.models import Membership
from networks.selectors import members_on, network_growth, periods, retention
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, gmina_in

D = datetime.date


@pytest.fixture
def history(db: None) -> dict:
    network = NetworkFactory()
    bielski, suwalski = gmina_in("bielski"), gmina_in("suwalski")
    orgs = {
        "A": OrganisationFactory(gmina=bielski),
        "B": OrganisationFactory(gmina=bielski),
        "C": OrganisationFactory(gmina=suwalski),
        "D": OrganisationFactory(gmina=suwalski),
        "E": OrganisationFactory(gmina=suwalski, kind=OrganisationKind.FOUNDATION),
    }
    for name, joined, left in [
        ("A", D(2023, 6, 1), None),
        ("B", D(2024, 1, 15), D(2024, 3, 31)),
        ("C", D(2023, 1, 1), D(2024, 2, 1)),
        ("C", D(2024, 3, 1), None),
        ("D", D(2024, 5, 10), D(2024, 9, 30)),
        ("E", D(2024, 3, 31), None),
    ]:
        MembershipFactory(organisation=orgs[name], network=network, joined_on=joined, left_on=left)
    return {"network": network, **orgs}


def _names(history: dict, memberships) -> set[str]:
    ids = {m.organisation_id for m in memberships}
    return {name for name, org in history.items() if name != "network" and org.pk in ids}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 1, 31), {"A", "B", "C"}),
        (D(2024, 2, 1), {"A", "B"}),  # C left that day
        (D(2024, 3, 30), {"A", "B", "C"}),
        (D(2024, 3, 31), {"A", "C", "E"}),  # B left and E joined that day
        (D(2024, 9, 30), {"A", "C", "E"}),
        (D(2024, 9, 29), {"A", "C", "D", "E"}),
    ],
)
def test_members_on_a_date(history: dict, viewer, day: datetime.date, expected: set) -> None:
    assert _names(history, members_on(user=viewer, network=history["network"], on=day)) == expected


def test_quarterly_growth_counts_leave_on_last_day_and_rejoin_in_one_quarter(
    history: dict, manager
) -> None:
    series = network_growth(
        user=manager,
        network=history["network"],
        interval="quarter",
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
    )
    assert [(p.period_end, p.active, p.joins, p.leaves) for p in series] == [
        (D(2024, 3, 31), 3, 3, 2),
        (D(2024, 6, 30), 4, 1, 0),
        (D(2024, 9, 30), 3, 0, 1),
        (D(2024, 12, 31), 3, 0, 0),
    ]


def test_monthly_and_yearly_series(history: dict, manager) -> None:
    monthly = network_growth(
        user=manager,
        network=history["network"],
        interval="month",
        start=D(2024, 1, 10),
        end=D(2024, 3, 5),
    )
    assert [(p.period_start, p.active, p.joins, p.leaves) for p in monthly] == [
        (D(2024, 1, 1), 3, 1, 0),
        (D(2024, 2, 1), 2, 0, 1),
        (D(2024, 3, 1), 3, 2, 1),
    ]
    yearly = network_growth(
        user=manager,
        network=history["network"],
        interval="year",
        start=D(2023, 1, 1),
        end=D(2024, 12, 31),
    )
    assert [(p.period_end, p.active, p.joins, p.leaves) for p in yearly] == [
        (D(2023, 12, 31), 2, 2, 0),
        (D(2024, 12, 31), 3, 4, 3),
    ]


def test_growth_split_by_subregion_and_by_kind(history: dict, manager) -> None:
    by_subregion = network_growth(
        user=manager,
        network=history["network"],
        interval="quarter",
        start=D(2024, 1, 1),
        end=D(2024, 3, 31),
        by="subregion",
    )
    assert {(p.group, p.active, p.joins, p.leaves) for p in by_subregion} == {
        ("bielski", 1, 1, 1),
        ("suwalski", 2, 2, 1),
    }
    by_kind = network_growth(
        user=manager,
        network=history["network"],
        interval="quarter",
        start=D(2024, 1, 1),
        end=D(2024, 3, 31),
        by="kind",
    )
    assert {(p.group, p.active, p.joins) for p in by_kind} == {
        (OrganisationKind.SOCIAL_COOPERATIVE, 2, 2),
        (OrganisationKind.FOUNDATION, 1, 1),
    }


def test_across_networks_an_organisation_in_two_counts_once(history: dict, manager) -> None:
    other = NetworkFactory()
    MembershipFactory(organisation=history["A"], network=other, joined_on=D(2022, 1, 1))
    MembershipFactory(network=other, joined_on=D(2024, 2, 1))
    (point,) = network_growth(
        user=manager, interval="year", start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    assert point.active == 4  # A, C, E and the other network's new member
    assert point.joins == 5


def test_periods_are_calendar_aligned() -> None:
    assert periods("quarter", D(2024, 2, 14), D(2024, 7, 1)) == [
        (D(2024, 1, 1), D(2024, 3, 31)),
        (D(2024, 4, 1), D(2024, 6, 30)),
        (D(2024, 7, 1), D(2024, 9, 30)),
    ]
    assert periods("month", D(2024, 12, 5), D(2025, 1, 5))[-1] == (D(2025, 1, 1), D(2025, 1, 31))


def _growth_queries(user, network) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        series = network_growth(
            user=user,
            network=network,
            interval="month",
            start=D(2016, 1, 1),
            end=D(2025, 12, 31),
            by="subregion",
        )
    return len(queries), sum(p.joins for p in series)


def _many_memberships(network, count: int) -> None:
    gmina = gmina_in("bielski")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Stowarzyszenie {network.pk}-{i}",
            search_name=f"stowarzyszenie {network.pk}-{i}",
            kind=OrganisationKind.ASSOCIATION,
            gmina=gmina,
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            organisation=organisation,
            network=network,
            joined_on=D(2016 + i % 9, 1 + i % 12, 1 + i % 28),
            left_on=D(2025, 1 + i % 12, 1) if i % 3 == 0 else None,
        )
        for i, organisation in enumerate(organisations)
    )


@pytest.mark.django_db
def test_growth_query_count_is_the_same_for_10_and_1000_memberships(manager) -> None:
    small, large = NetworkFactory(), NetworkFactory()
    _many_memberships(small, 10)
    _many_memberships(large, 1000)
    small_queries, small_joins = _growth_queries(manager, small)
    large_queries, large_joins = _growth_queries(manager, large)
    assert (small_joins, large_joins) == (10, 1000)
    assert small_queries == large_queries == 1


@pytest.mark.django_db
def test_retention_counts_who_joined_in_the_year_and_is_still_in(viewer) -> None:
    network = NetworkFactory()
    stays, leaves, comes_back, earlier = (OrganisationFactory() for _ in range(4))
    MembershipFactory(organisation=stays, network=network, joined_on=D(2022, 3, 1))
    MembershipFactory(
        organisation=leaves, network=network, joined_on=D(2022, 5, 1), left_on=D(2023, 5, 1)
    )
    MembershipFactory(
        organisation=comes_back, network=network, joined_on=D(2022, 7, 1), left_on=D(2023, 1, 1)
    )
    MembershipFactory(organisation=comes_back, network=network, joined_on=D(2024, 1, 1))
    MembershipFactory(organisation=earlier, network=network, joined_on=D(2021, 12, 31))
    result = retention(user=viewer, network=network, year=2022, as_of=D(2025, 1, 1))
    assert (result.joined, result.still_in) == (3, 2)
    assert result.rate == Decimal("0.67")
    assert retention(user=viewer, network=network, year=2019, as_of=D(2025, 1, 1)).rate is None


def test_split_by_subregion_and_kind_at_once_adds_up_to_each_split(history: dict, manager) -> None:
    other = NetworkFactory()
    MembershipFactory(organisation=history["A"], network=other, joined_on=D(2022, 1, 1))
    window = {
        "user": manager,
        "interval": "quarter",
        "start": D(2024, 1, 1),
        "end": D(2024, 12, 31),
    }
    cells = network_growth(**window, by=("subregion", "kind"))
    for position, key in enumerate(("subregion", "kind")):
        added: dict[tuple, list[int]] = {}
        for p in cells:
            total = added.setdefault((p.group[position], p.period_end), [0, 0, 0])
            total[0] += p.active
            total[1] += p.joins
            total[2] += p.leaves
        single = network_growth(**window, by=key)
        assert {(p.group, p.period_end): [p.active, p.joins, p.leaves] for p in single} == added


def test_split_by_network_gives_each_network_its_own_series(history: dict, manager) -> None:
    other = NetworkFactory()
    MembershipFactory(organisation=history["A"], network=other, joined_on=D(2022, 1, 1))
    window = {
        "user": manager,
        "interval": "quarter",
        "start": D(2024, 1, 1),
        "end": D(2024, 12, 31),
    }
    by_network = network_growth(**window, by="network")
    for network in (history["network"], other):
        alone = network_growth(**window, network=network)
        assert [(p.period_end, p.active, p.joins, p.leaves) for p in alone] == [
            (p.period_end, p.active, p.joins, p.leaves) for p in by_network if p.group == network.pk
        ]


@pytest.mark.django_db
def test_across_networks_overlapping_memberships_count_once_until_the_last_one_ends(
    manager,
) -> None:
    """Network 1 from January to June, network 2 from March to September, network 1 again
    from November: a member at the end of Q1, Q2 and Q4, not at the end of Q3."""
    organisation = OrganisationFactory()
    first, second = NetworkFactory(), NetworkFactory()
    for network, joined, left in [
        (first, D(2024, 1, 1), D(2024, 6, 1)),
        (second, D(2024, 3, 1), D(2024, 9, 1)),
        (first, D(2024, 11, 1), None),
    ]:
        MembershipFactory(
            organisation=organisation, network=network, joined_on=joined, left_on=left
        )
    series = network_growth(
        user=manager, interval="quarter", start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    assert [(p.active, p.joins, p.leaves) for p in series] == [
        (1, 2, 0),
        (1, 0, 1),
        (0, 0, 1),
        (1, 1, 0),
    ]


@pytest.mark.django_db
def test_growth_across_networks_matches_a_count_day_by_day(manager) -> None:
    """Seeded histories whose joins and leaves fall on the periods' first and last days, with
    rejoins in one period and overlaps across networks: each period end's members, joins and
    leaves are what a plain count of the memberships gives."""
    rng = random.Random(15)
    days = [D(2023, 12, 31), D(2024, 1, 1), D(2024, 2, 10), D(2024, 3, 31), D(2024, 4, 1)]
    days += [D(2024, 6, 30), D(2024, 7, 1), D(2024, 8, 15), D(2024, 9, 30), D(2024, 12, 31)]
    networks = [NetworkFactory() for _ in range(3)]
    made: list[tuple[datetime.date, datetime.date | None, int]] = []
    for _ in range(12):
        organisation = OrganisationFactory()
        for network in networks:
            free = [D(2023, 6, 1), *sorted(rng.sample(days, rng.randint(0, 4)))]
            for joined, left in zip(free[1::2], [*free[2::2], None], strict=False):
                MembershipFactory(
                    organisation=organisation, network=network, joined_on=joined, left_on=left
                )
                made.append((joined, left, organisation.pk))
    series = network_growth(
        user=manager, interval="quarter", start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    expected = [
        (
            end,
            len({o for j, left, o in made if j <= end and (left is None or left > end)}),
            sum(start <= j <= end for j, _left, _o in made),
            sum(left is not None and start <= left <= end for _j, left, _o in made),
        )
        for start, end in periods("quarter", D(2024, 1, 1), D(2024, 12, 31))
    ]
    assert [(p.period_end, p.active, p.joins, p.leaves) for p in series] == expected
