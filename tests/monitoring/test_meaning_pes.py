"""PES and social enterprises mean their names: each test world's answer is written by hand.

An organisation counts from its founding date, or from when it was first recorded if that is
unknown, never earlier; it is active on 31 December unless closed on or before that day. A
status PS lost on 31 December is not held at the end of the year.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from contacts.models import Organisation, OrganisationKind, SocialEnterpriseStatus
from crm.top.monitoring.indicators import Period, compute, records
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
STATUTORY = SocialEnterpriseStatus.Kind.STATUTORY
LEGACY = SocialEnterpriseStatus.Kind.LEGACY


def recorded_on(organisation: Organisation, day: datetime.date) -> Organisation:
    """Pretend the organisation was first entered in the database on ``day``."""
    moment = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10))
    Organisation.objects.filter(pk=organisation.pk).update(created_at=moment)
    return organisation


@pytest.fixture
def pes_world() -> dict[str, Organisation]:
    return {
        "old": OrganisationFactory(founded_on=D(2020, 5, 1)),
        "founded_2025": OrganisationFactory(founded_on=D(2025, 3, 1)),
        "closed_31_12": OrganisationFactory(founded_on=D(2019, 1, 1), closed_on=D(2025, 12, 31)),
        # No founding date, entered today: counts from today, not in last year's stock.
        "entered_today": OrganisationFactory(),
        # No founding date, entered in 2023: counts from 2023.
        "entered_2023": recorded_on(OrganisationFactory(), D(2023, 6, 1)),
        "business": OrganisationFactory(kind=OrganisationKind.BUSINESS, founded_on=D(2020, 1, 1)),
        "short_lived": OrganisationFactory(founded_on=D(2025, 2, 1), closed_on=D(2025, 10, 1)),
        # Entered today, closed long ago: never counted, so never closed either.
        "entered_closed": OrganisationFactory(closed_on=D(2020, 3, 1)),
    }


def _names(code: str, year: int, world: dict[str, Organisation], manager: object) -> set[str]:
    found, _kind = records(code, Period(year, user=manager))
    by_pk = {org.pk: name for name, org in world.items()}
    return {by_pk[org.pk] for org in found}


def test_pes_active_is_open_on_31_december_and_counted_from_founding_or_entry(
    pes_world: dict, manager: object
) -> None:
    assert compute("pes_active", Period(2025)).value == 3
    assert _names("pes_active", 2025, pes_world, manager) == {
        "old",
        "founded_2025",
        "entered_2023",
    }
    assert compute("pes_active", Period(2024)).value == 3  # old, closed_31_12, entered_2023
    assert compute("pes_active", Period(2022)).value == 2  # old, closed_31_12
    this_year = timezone.localdate().year
    assert compute("pes_active", Period(this_year)).value == 4  # + entered_today


def test_pes_new_counts_founding_or_first_entry_in_the_year(
    pes_world: dict, manager: object
) -> None:
    assert compute("pes_new", Period(2025)).value == 2
    assert _names("pes_new", 2025, pes_world, manager) == {"founded_2025", "short_lived"}
    assert compute("pes_new", Period(2024)).value == 0
    assert compute("pes_new", Period(2023)).value == 1  # entered_2023
    assert compute("pes_new", Period(timezone.localdate().year)).value == 1  # entered_today


def test_pes_closed_counts_closing_in_the_year_of_what_had_counted(
    pes_world: dict, manager: object
) -> None:
    assert compute("pes_closed", Period(2025)).value == 2
    assert _names("pes_closed", 2025, pes_world, manager) == {"closed_31_12", "short_lived"}
    assert compute("pes_closed", Period(2020)).value == 0  # entered_closed never counted


def test_pes_stock_at_year_end_is_last_years_plus_new_minus_closed(pes_world: dict) -> None:
    for year in range(2019, timezone.localdate().year + 1):
        before = compute("pes_active", Period(year - 1)).value
        new = compute("pes_new", Period(year)).value
        closed = compute("pes_closed", Period(year)).value
        assert compute("pes_active", Period(year)).value == before + new - closed, year


@pytest.fixture
def se_world() -> dict[str, Organisation]:
    def org(**fields: object) -> Organisation:
        return OrganisationFactory(founded_on=D(2018, 1, 1), **fields)

    def status(o: Organisation, kind: str, granted: datetime.date, lost: object = None) -> None:
        SocialEnterpriseStatus.objects.create(
            organisation=o, kind=kind, granted_on=granted, lost_on=lost
        )

    world = {
        "holds": org(),
        "lost_31_12": org(),
        "closed": org(closed_on=D(2025, 6, 30)),
        "legacy": org(),
        "regranted": org(),
    }
    status(world["holds"], STATUTORY, D(2023, 3, 1))
    status(world["lost_31_12"], STATUTORY, D(2023, 5, 1), D(2025, 12, 31))
    status(world["closed"], STATUTORY, D(2024, 1, 10))  # no loss recorded, but closed
    status(world["legacy"], LEGACY, D(2019, 4, 1))
    status(world["regranted"], STATUTORY, D(2024, 4, 1), D(2024, 9, 1))
    status(world["regranted"], STATUTORY, D(2025, 2, 1))
    return world


def test_se_active_excludes_closed_organisations_and_status_lost_on_31_december(
    se_world: dict, manager: object
) -> None:
    assert compute("se_active", Period(2025)).value == 2
    assert _names("se_active", 2025, se_world, manager) == {"holds", "regranted"}
    assert compute("se_active", Period(2024)).value == 3  # holds, lost_31_12, closed
    assert compute("se_active", Period(2023)).value == 2  # holds, lost_31_12
    assert compute("se_active", Period(2022)).value == 0  # the legacy status never counts


def test_se_granted_counts_statutory_grants_dated_in_the_year(se_world: dict) -> None:
    assert compute("se_granted", Period(2023)).value == 2
    assert compute("se_granted", Period(2024)).value == 2  # closed, regranted (first grant)
    assert compute("se_granted", Period(2025)).value == 1  # regranted again
    assert compute("se_granted", Period(2019)).value == 0  # legacy


def test_se_lost_counts_statutory_statuses_lost_in_the_year(
    se_world: dict, manager: object
) -> None:
    assert compute("se_lost", Period(2025)).value == 1
    assert _names("se_lost", 2025, se_world, manager) == {"lost_31_12"}
    assert compute("se_lost", Period(2024)).value == 1  # regranted's first status
