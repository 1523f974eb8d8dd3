"""Jobs in social enterprises mean their names: people and FTE apart, jobs created never
negative. The answers are written by hand from the table in the fixture."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from contacts.models import EmploymentSnapshot, Organisation, SocialEnterpriseStatus
from crm.top.monitoring.indicators import REGISTRY, Period, compute, records
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
END_2024, END_2025 = D(2024, 12, 31), D(2025, 12, 31)

# name: (closed on, status lost on, [(as of, employees, of whom at risk, FTE)])
WORLD: dict[str, tuple[object, object, list[tuple[datetime.date, int, int, str | None]]]] = {
    # grows: 4 jobs created, 1 of them for people at risk, 4.50 FTE created
    "grows": (None, None, [(END_2024, 10, 2, "8.00"), (END_2025, 14, 3, "12.50")]),
    # shrinks by 11 while its people at risk grow by 4: no job created, nothing negative
    "shrinks": (None, None, [(END_2024, 20, 5, "18.00"), (END_2025, 9, 9, "9.00")]),
    # first record in the year, without FTE: 3 jobs created from zero, FTE unknown
    "first_record": (None, None, [(D(2025, 6, 30), 3, 3, None)]),
    # same headcount, more people at risk, fewer FTE: nothing created
    "steady": (None, None, [(END_2024, 5, 0, "5.00"), (END_2025, 5, 2, "4.00")]),
    # grows by 2, last record without FTE: FTE read from the record before
    "no_fte_now": (None, None, [(END_2024, 4, 1, "4.00"), (END_2025, 6, 1, None)]),
    # not enterprises on 31 December 2025: closed, or the status lost that day
    "closed": (D(2025, 11, 30), None, [(D(2025, 6, 30), 50, 10, "50.00")]),
    "lost_31_12": (None, END_2025, [(END_2025, 7, 7, "7.00")]),
}


@pytest.fixture
def jobs_world() -> dict[str, Organisation]:
    world = {}
    for name, (closed_on, lost_on, rows) in WORLD.items():
        org = OrganisationFactory(founded_on=D(2015, 1, 1), closed_on=closed_on)
        SocialEnterpriseStatus.objects.create(
            organisation=org,
            kind=SocialEnterpriseStatus.Kind.STATUTORY,
            granted_on=D(2023, 1, 10),
            lost_on=lost_on,
        )
        for as_of, employees, at_risk, fte in rows:
            EmploymentSnapshot.objects.create(
                organisation=org,
                as_of=as_of,
                employees=employees,
                employees_at_risk=at_risk,
                fte=Decimal(fte) if fte else None,
            )
        world[name] = org
    # Not a social enterprise at all: its people are not jobs in PS.
    business = OrganisationFactory(kind="business", founded_on=D(2015, 1, 1))
    EmploymentSnapshot.objects.create(organisation=business, as_of=END_2025, employees=30)
    return world


def _behind(code: str, world: dict[str, Organisation], manager: object) -> set[str]:
    found, kind = records(code, Period(2025, user=manager))
    assert kind == "organisation"
    by_pk = {org.pk: name for name, org in world.items()}
    return {by_pk[org.pk] for org in found}


def test_jobs_year_end_adds_up_people_not_fte(jobs_world: dict, manager: object) -> None:
    assert compute("jobs_year_end", Period(2025)).value == 14 + 9 + 3 + 5 + 6
    assert compute("jobs_year_end", Period(2024)).value == 10 + 20 + 5 + 4
    assert _behind("jobs_year_end", jobs_world, manager) == {
        "grows",
        "shrinks",
        "first_record",
        "steady",
        "no_fte_now",
    }


def test_jobs_at_risk_year_end_adds_up_people_at_risk(jobs_world: dict) -> None:
    assert compute("jobs_at_risk_year_end", Period(2025)).value == 3 + 9 + 3 + 2 + 1


def test_fte_year_end_adds_up_fte_from_the_latest_record_stating_it(
    jobs_world: dict, manager: object
) -> None:
    value = compute("fte_year_end", Period(2025)).value
    assert value == Decimal("12.50") + Decimal("9.00") + Decimal("4.00") + Decimal("4.00")
    assert value == Decimal("29.50")
    assert compute("fte_year_end", Period(2024)).value == Decimal("35.00")
    assert "first_record" not in _behind("fte_year_end", jobs_world, manager)


def test_jobs_created_is_the_growth_per_enterprise_and_never_negative(
    jobs_world: dict, manager: object
) -> None:
    # grows +4, first_record +3 (from zero), no_fte_now +2; shrinks' −11 is not subtracted
    assert compute("jobs_created", Period(2025)).value == 9
    assert _behind("jobs_created", jobs_world, manager) == {"grows", "first_record", "no_fte_now"}
    assert compute("jobs_created", Period(2024)).value == 10 + 20 + 5 + 4  # all from zero


def test_jobs_created_at_risk_is_a_part_of_the_jobs_created(
    jobs_world: dict, manager: object
) -> None:
    # grows: +1 at risk of +4 jobs; first_record: +3 of +3; shrinks and steady created none
    assert compute("jobs_created_at_risk", Period(2025)).value == 1 + 3
    assert _behind("jobs_created_at_risk", jobs_world, manager) == {"grows", "first_record"}


def test_fte_created_is_the_growth_of_fte_per_enterprise(jobs_world: dict, manager: object) -> None:
    assert compute("fte_created", Period(2025)).value == Decimal("4.50")
    assert _behind("fte_created", jobs_world, manager) == {"grows"}


def test_job_indicators_are_never_negative_when_every_enterprise_shrinks() -> None:
    org = OrganisationFactory(founded_on=D(2015, 1, 1))
    SocialEnterpriseStatus.objects.create(
        organisation=org, kind=SocialEnterpriseStatus.Kind.STATUTORY, granted_on=D(2023, 1, 1)
    )
    EmploymentSnapshot.objects.create(
        organisation=org, as_of=END_2024, employees=12, employees_at_risk=6, fte=Decimal(10)
    )
    EmploymentSnapshot.objects.create(
        organisation=org, as_of=END_2025, employees=1, employees_at_risk=0, fte=Decimal(1)
    )
    for code in ("jobs_created", "jobs_created_at_risk", "fte_created"):
        value = compute(code, Period(2025))
        assert value.value == 0, code
        assert all(cell.value >= 0 for cell in value.by_subregion + value.by_category), code


def test_headcount_and_fte_are_separate_indicators() -> None:
    assert {"jobs_year_end", "fte_year_end", "jobs_created", "fte_created"} <= set(REGISTRY)
