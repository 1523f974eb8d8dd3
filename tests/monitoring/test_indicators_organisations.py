"""PES, social enterprises and jobs on a small hand-made dataset with known answers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from contacts.models import EmploymentSnapshot, OrganisationKind, SocialEnterpriseStatus
from crm.models import Gmina, Subregion
from crm.top.monitoring.indicators import Period, compute, records
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
STATUTORY = SocialEnterpriseStatus.Kind.STATUTORY


def _suwalki() -> Gmina:
    return Gmina.objects.get(code="2063011")


@pytest.fixture
def pes_data() -> dict[str, object]:
    old = OrganisationFactory(founded_on=D(2020, 5, 1))
    new = OrganisationFactory(founded_on=D(2025, 3, 1), kind=OrganisationKind.FOUNDATION)
    closed_new_year_eve = OrganisationFactory(founded_on=D(2019, 1, 1), closed_on=D(2025, 12, 31))
    north = OrganisationFactory(
        gmina=_suwalki(), kind=OrganisationKind.KGW, founded_on=D(2010, 1, 1)
    )
    OrganisationFactory(kind=OrganisationKind.BUSINESS, founded_on=D(2025, 2, 1))
    return {"old": old, "new": new, "closed": closed_new_year_eve, "north": north}


def test_pes_active_at_year_end_excludes_one_closed_on_31_december(pes_data: dict) -> None:
    value = compute("pes_active", Period(2025))
    assert value.value == 3  # old, new, north; the one closed on 31.12 is gone at year end
    by_kind = {cell.key: cell.value for cell in value.by_category}
    assert by_kind == {
        OrganisationKind.SOCIAL_COOPERATIVE: 1,
        OrganisationKind.FOUNDATION: 1,
        OrganisationKind.KGW: 1,
    }


def test_pes_new_and_closed_count_the_year_only(pes_data: dict) -> None:
    assert compute("pes_new", Period(2025)).value == 1
    assert compute("pes_closed", Period(2025)).value == 1
    assert compute("pes_closed", Period(2024)).value == 0
    assert compute("pes_active", Period(2024)).value == 3  # old, closed-later, north


def test_breakdowns_add_up_and_link_to_the_organisations_behind(
    pes_data: dict, manager: object
) -> None:
    value = compute("pes_active", Period(2025))
    suwalski = Subregion.objects.get(slug="suwalski")
    by_subregion = {cell.key: cell.value for cell in value.by_subregion}
    assert by_subregion[suwalski.pk] == 1
    assert sum(by_subregion.values()) == value.value
    assert sum(cell.value for cell in value.by_powiat) == value.value
    cell = next(c for c in value.by_subregion if c.key == suwalski.pk)
    found, kind = records(
        "pes_active", Period(2025, user=manager), subregion=cell.params["subregion_id"]
    )
    assert kind == "organisation"
    assert list(found) == [pes_data["north"]]


def test_subregion_period_narrows_the_total(pes_data: dict) -> None:
    suwalski = Subregion.objects.get(slug="suwalski")
    assert compute("pes_active", Period(2025, subregion_id=suwalski.pk)).value == 1


@pytest.fixture
def enterprises() -> dict[str, object]:
    regranted = OrganisationFactory(founded_on=D(2018, 1, 1))
    SocialEnterpriseStatus.objects.create(
        organisation=regranted, kind=STATUTORY, granted_on=D(2023, 4, 1), lost_on=D(2025, 3, 1)
    )
    SocialEnterpriseStatus.objects.create(
        organisation=regranted, kind=STATUTORY, granted_on=D(2025, 6, 1)
    )
    legacy_only = OrganisationFactory(founded_on=D(2018, 1, 1))
    SocialEnterpriseStatus.objects.create(
        organisation=legacy_only, kind=SocialEnterpriseStatus.Kind.LEGACY, granted_on=D(2019, 1, 1)
    )
    last_day = OrganisationFactory(gmina=_suwalki(), founded_on=D(2018, 1, 1))
    SocialEnterpriseStatus.objects.create(
        organisation=last_day, kind=STATUTORY, granted_on=D(2025, 12, 31)
    )
    for org, as_of, employees, at_risk in (
        (regranted, D(2024, 6, 30), 5, 2),
        (regranted, D(2025, 12, 31), 8, 3),
        (regranted, D(2026, 1, 15), 20, 10),  # after the year: ignored
        (legacy_only, D(2025, 6, 30), 50, 50),  # not a social enterprise any more
        (last_day, D(2025, 11, 30), 4, 4),
    ):
        EmploymentSnapshot.objects.create(
            organisation=org, as_of=as_of, employees=employees, employees_at_risk=at_risk
        )
    return {"regranted": regranted, "legacy": legacy_only, "last_day": last_day}


def test_social_enterprise_lost_and_granted_again_counts_once(enterprises: dict) -> None:
    assert compute("se_active", Period(2025)).value == 2  # regranted once + last_day
    assert compute("se_granted", Period(2025)).value == 2  # two decisions in 2025
    assert compute("se_lost", Period(2025)).value == 1
    assert compute("se_active", Period(2024)).value == 1
    assert compute("se_granted", Period(2023)).value == 1


def test_legacy_status_counts_for_jobs_until_2023_only(enterprises: dict) -> None:
    EmploymentSnapshot.objects.create(
        organisation=enterprises["legacy"], as_of=D(2023, 12, 1), employees=7
    )
    assert compute("jobs_year_end", Period(2023)).value == 7 + 0  # regranted had no snapshot
    assert compute("se_active", Period(2023)).value == 1  # statutory only


def test_jobs_use_the_latest_snapshot_on_or_before_31_december(enterprises: dict) -> None:
    assert compute("jobs_year_end", Period(2025)).value == 8 + 4
    assert compute("jobs_at_risk_year_end", Period(2025)).value == 3 + 4
    # created = year end minus previous year end, per enterprise (none before → 0)
    assert compute("jobs_created", Period(2025)).value == (8 - 5) + (4 - 0)
    assert compute("jobs_created_at_risk", Period(2025)).value == (3 - 2) + 4
    assert compute("jobs_year_end", Period(2024)).value == 5


def test_jobs_records_are_the_enterprises(enterprises: dict, viewer: object) -> None:
    found, _ = records("jobs_year_end", Period(2025, user=viewer))
    assert set(found) == {enterprises["regranted"], enterprises["last_day"]}


def test_every_indicator_is_one_grouped_query_per_year(
    pes_data: dict, enterprises: dict, django_assert_num_queries: Any
) -> None:
    from crm.top.monitoring.indicators import REGISTRY, Labels

    labels = Labels()
    for key in REGISTRY:
        with django_assert_num_queries(1):
            compute(key, Period(2025), labels)
