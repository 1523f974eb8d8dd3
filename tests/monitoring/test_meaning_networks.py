"""Networks, memberships and JST–PES cooperation mean their names (answers written by hand)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contacts.models import Organisation, OrganisationKind
from crm.top.monitoring.indicators import Period, compute, records
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _network(name: str, **fields: object) -> Network:
    return Network.objects.create(name=name, kind="regional", **fields)


@pytest.fixture
def networks_world() -> dict[str, Network]:
    entered_2024 = _network("Sieć wpisana w 2024")
    Network.objects.filter(pk=entered_2024.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 3, 1, 9))
    )
    return {
        "open": _network("Sieć otwarta", founded_on=D(2020, 1, 1)),
        "entered_2024": entered_2024,  # no founding date: counts from when it was entered
        "entered_today": _network("Sieć wpisana dziś"),
        "closed_31_12": _network(
            "Sieć rozwiązana", founded_on=D(2019, 1, 1), closed_on=D(2025, 12, 31)
        ),
    }


def test_networks_active_are_open_on_31_december_and_counted_from_founding_or_entry(
    networks_world: dict, manager: object
) -> None:
    assert compute("networks_active", Period(2025)).value == 2
    found, kind = records("networks_active", Period(2025, user=manager))
    assert kind == "network"
    assert {n.name for n in found} == {"Sieć otwarta", "Sieć wpisana w 2024"}
    assert compute("networks_active", Period(2024)).value == 3
    assert compute("networks_active", Period(2023)).value == 2  # open, closed_31_12


@pytest.fixture
def members_world(networks_world: dict) -> dict[str, Membership]:
    stays = OrganisationFactory(founded_on=D(2010, 1, 1))
    closes = OrganisationFactory(founded_on=D(2010, 1, 1), closed_on=D(2025, 10, 1))
    leaves = OrganisationFactory(founded_on=D(2010, 1, 1))
    open_network, closed_network = networks_world["open"], networks_world["closed_31_12"]

    def join(
        org: Organisation, network: Network, on: datetime.date, left: object = None
    ) -> Membership:
        return Membership.objects.create(
            organisation=org, network=network, joined_on=on, left_on=left
        )

    return {
        "stays": join(stays, open_network, D(2024, 5, 1)),
        "org_closed": join(closes, open_network, D(2024, 5, 1)),  # never left, but closed
        "network_closed": join(stays, closed_network, D(2022, 1, 1)),
        "left_31_12": join(leaves, open_network, D(2024, 5, 1), D(2025, 12, 31)),
    }


def _memberships(code: str, year: int, world: dict[str, Membership], user: object) -> set[str]:
    found, kind = records(code, Period(year, user=user))
    assert kind == "membership"
    by_pk = {m.pk: name for name, m in world.items()}
    return {by_pk[m.pk] for m in found}


def test_network_members_are_memberships_covering_31_december_of_open_members(
    members_world: dict, manager: object
) -> None:
    assert compute("network_members", Period(2025)).value == 1
    assert _memberships("network_members", 2025, members_world, manager) == {"stays"}
    assert compute("network_members", Period(2024)).value == 4
    assert len(_memberships("network_members", 2024, members_world, manager)) == 4


def test_network_members_new_counts_memberships_begun_in_the_year(
    members_world: dict, manager: object
) -> None:
    assert compute("network_members_new", Period(2024)).value == 3
    assert _memberships("network_members_new", 2024, members_world, manager) == {
        "stays",
        "org_closed",
        "left_31_12",
    }
    assert compute("network_members_new", Period(2025)).value == 0


def test_network_members_left_counts_memberships_ended_by_leaving_in_the_year(
    members_world: dict,
) -> None:
    assert compute("network_members_left", Period(2025)).value == 1
    assert compute("network_members_left", Period(2024)).value == 0


def test_network_retention_counts_a_member_that_closed_as_not_retained() -> None:
    network = _network("Sieć tematyczna", founded_on=D(2020, 1, 1))
    stays = OrganisationFactory(founded_on=D(2010, 1, 1))
    closes = OrganisationFactory(founded_on=D(2010, 1, 1), closed_on=D(2025, 11, 1))
    Membership.objects.create(organisation=stays, network=network, joined_on=D(2025, 3, 1))
    Membership.objects.create(organisation=closes, network=network, joined_on=D(2025, 4, 1))
    assert compute("network_retention", Period(2025)).value == Decimal("50.0")


@pytest.fixture
def cooperation_world() -> dict[str, Partnership]:
    gmina = OrganisationFactory(kind=OrganisationKind.GMINA, nip=None, name="Gmina Hajnówka")
    powiat = OrganisationFactory(kind=OrganisationKind.POWIAT, nip=None, name="Powiat hajnowski")
    pes, other_pes = OrganisationFactory(), OrganisationFactory(kind=OrganisationKind.FOUNDATION)
    firm = OrganisationFactory(kind=OrganisationKind.BUSINESS)

    def partnership(
        title: str,
        kind: str,
        starts: datetime.date,
        ends: object,
        value: str,
        *parties: Organisation,
    ) -> Partnership:
        p = Partnership.objects.create(
            title=title, kind=kind, starts_on=starts, ends_on=ends, value_pln=Decimal(value)
        )
        for org in parties:
            PartnershipParty.objects.create(partnership=p, organisation=org)
        return p

    return {
        "task": partnership(
            "Usługi opiekuńcze",
            "commissioned_task",
            D(2024, 10, 1),
            D(2025, 3, 31),
            "10000.00",
            gmina,
            pes,
        ),
        "clause": partnership(
            "Catering z klauzulą",
            "social_clause",
            D(2025, 6, 1),
            None,
            "25000.50",
            powiat,
            other_pes,
        ),
        "no_pes": partnership(
            "Zamówienie od firmy", "social_clause", D(2025, 2, 1), None, "999.00", gmina, firm
        ),
        "old": partnership(
            "Porozumienie 2023", "cooperation", D(2023, 1, 1), D(2023, 12, 31), "0", gmina, pes
        ),
    }


def _partnerships(code: str, year: int, user: object) -> set[str]:
    found, kind = records(code, Period(year, user=user))
    assert kind == "partnership"
    return {p.title for p in found}


def test_jst_cooperating_counts_each_jst_in_a_partnership_with_a_pes_once(
    cooperation_world: dict, manager: object
) -> None:
    assert compute("jst_cooperating", Period(2025)).value == 2  # gmina (task), powiat (clause)
    found, _kind = records("jst_cooperating", Period(2025, user=manager))
    assert {o.name for o in found} == {"Gmina Hajnówka", "Powiat hajnowski"}
    assert compute("jst_cooperating", Period(2024)).value == 1
    assert compute("jst_cooperating", Period(2023)).value == 1  # the 2023 agreement


def test_partnerships_jst_pes_counts_those_in_force_in_the_year(
    cooperation_world: dict, manager: object
) -> None:
    assert compute("partnerships_jst_pes", Period(2025)).value == 2
    assert _partnerships("partnerships_jst_pes", 2025, manager) == {
        "Usługi opiekuńcze",
        "Catering z klauzulą",
    }
    assert compute("partnerships_jst_pes", Period(2024)).value == 1


def test_public_tasks_count_counts_tasks_begun_in_the_year(
    cooperation_world: dict, manager: object
) -> None:
    assert compute("public_tasks_count", Period(2024)).value == 1
    assert _partnerships("public_tasks_count", 2024, manager) == {"Usługi opiekuńcze"}
    assert compute("public_tasks_count", Period(2025)).value == 0  # still running, not begun


def test_public_tasks_value_counts_the_whole_value_in_the_year_the_task_began(
    cooperation_world: dict,
) -> None:
    assert compute("public_tasks_value", Period(2024)).value == Decimal("10000.00")
    assert compute("public_tasks_value", Period(2025)).value == Decimal("0.00")


def test_social_clause_count_needs_a_jst_and_a_pes(
    cooperation_world: dict, manager: object
) -> None:
    assert compute("social_clause_count", Period(2025)).value == 1  # not the firm's contract
    assert _partnerships("social_clause_count", 2025, manager) == {"Catering z klauzulą"}


def test_social_clause_value_adds_up_contracts_between_a_jst_and_a_pes(
    cooperation_world: dict,
) -> None:
    assert compute("social_clause_value", Period(2025)).value == Decimal("25000.50")
    assert compute("social_clause_value", Period(2024)).value == Decimal("0.00")
