"""The enterprise and job indicators count from ``EnterpriseYear``, the table the triggers keep
from the statuses and employment records: after every kind of write through the services (and
an import and its revert) it equals a count from the records, and every number, breakdown and
list behind a number equals what counting from the records gives (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

from contacts.models import EmploymentSnapshot, Organisation, OrganisationKind
from contacts.services import (
    employment_delete,
    employment_record,
    organisation_merge,
    organisation_update,
    ps_status_delete,
    ps_status_grant,
    ps_status_lose,
)
from crm.territory.models import Gmina
from crm.top.imports.services import import_batch_revert
from crm.top.monitoring import enterprise_years
from crm.top.monitoring.indicators import REGISTRY, Labels, Period, batch, compute, records
from crm.top.monitoring.indicators.jobs import FROM_RECORDS
from crm.top.monitoring.models import EnterpriseYear
from tests.contacts.factories import OrganisationFactory
from tests.imports.conftest import run
from tests.imports.test_units_support import EXPECTED, FILE
from tests.imports.test_units_support import world as world  # the import's fixture

pytestmark = pytest.mark.django_db

D = datetime.date
YEARS = (2018, 2022, 2023, 2024, 2025, 2028)  # before the first grant to years past the rows
KEYS = sorted(FROM_RECORDS)


def _numbers(value: Any) -> tuple[Any, ...]:
    return (
        value.value,
        [(c.key, c.value) for c in value.by_subregion],
        [(c.key, c.value) for c in value.by_powiat],
        [(c.key, c.value) for c in value.by_category],
    )


def _listed(key: str, period: Period, value: Any) -> list[list[int]]:
    lists = [[o.pk for o in records(key, period)[0]]]
    for cell in value.by_subregion:
        lists.append([o.pk for o in records(key, period, subregion=cell.params["subregion_id"])[0]])
    for cell in value.by_powiat:
        lists.append([o.pk for o in records(key, period, powiat=cell.params["powiat"])[0]])
    for cell in value.by_category:
        lists.append([o.pk for o in records(key, period, category=cell.params["category"])[0]])
    return lists


def assert_as_from_the_records(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The table equals a count from the records, and so does every number read from it
    (one by one and counted together, as the page does) with the organisations behind it."""
    assert enterprise_years.kept() == enterprise_years.counted()
    periods = [Period(year) for year in YEARS]
    cache.clear()
    labels = Labels()
    batch.prepare(KEYS, periods, labels)
    kept = {(k, p.year): compute(k, p, labels) for k in KEYS for p in periods}
    for key in KEYS:
        for period in periods:
            cache.clear()
            alone = compute(key, period)
            assert _numbers(alone) == _numbers(kept[key, period.year]), (key, period.year)
            listed = _listed(key, period, alone)
            with monkeypatch.context() as patched:
                patched.setitem(REGISTRY, key, FROM_RECORDS[key])
                cache.clear()
                counted = compute(key, period)
                assert _numbers(alone) == _numbers(counted), (key, period.year)
                assert listed == _listed(key, period, counted), (key, period.year)
    return {k: v.value for (k, year), v in kept.items() if year == 2025}


def test_the_table_follows_every_write_and_counts_as_the_records(
    manager: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = Gmina.objects.exclude(subregion=Gmina.objects.get(code="2005011").subregion)[0]
    a, b, c = (OrganisationFactory(founded_on=D(2015, 1, 1)) for _ in range(3))
    d = OrganisationFactory(
        kind=OrganisationKind.ASSOCIATION, gmina=elsewhere, founded_on=D(2016, 2, 2)
    )
    # Legacy status until it expired, then the statutory one; a status lost and granted again.
    ps_status_grant(actor=manager, organisation=a, kind="legacy", granted_on=D(2019, 5, 1))
    ps_status_grant(actor=manager, organisation=a, kind="statutory", granted_on=D(2024, 3, 1))
    lost = ps_status_grant(
        actor=manager, organisation=b, kind="statutory", granted_on=D(2023, 1, 9)
    )
    ps_status_grant(actor=manager, organisation=d, kind="statutory", granted_on=D(2022, 11, 2))
    for organisation, rows in (
        (a, [(D(2022, 12, 31), 4, 1, None), (D(2024, 6, 30), 9, 3, "7.50"),
             (D(2025, 12, 31), 7, 2, None)]),
        (b, [(D(2023, 12, 31), 5, 5, "5.00"), (D(2025, 3, 31), 8, 2, "6.25")]),
        (c, [(D(2024, 12, 31), 30, 3, "30.00")]),  # never an enterprise
        (d, [(D(2023, 12, 31), 12, 0, "10.00"), (D(2027, 1, 31), 15, 1, "12.00")]),
    ):  # fmt: skip
        for as_of, employees, at_risk, fte in rows:
            employment_record(
                actor=manager, organisation=organisation, as_of=as_of, employees=employees,
                employees_at_risk=at_risk, fte=Decimal(fte) if fte else None,
            )  # fmt: skip
    first = assert_as_from_the_records(monkeypatch)
    assert first["se_active"] == 3 and first["jobs_year_end"] == 7 + 8 + 12
    assert EnterpriseYear.objects.filter(organisation=c).count() == 0

    # Lost, granted again, a record corrected and one deleted.
    ps_status_lose(actor=manager, status=lost, lost_on=D(2024, 12, 31))
    again = ps_status_grant(
        actor=manager, organisation=b, kind="statutory", granted_on=D(2025, 2, 1)
    )
    employment_record(
        actor=manager, organisation=a, as_of=D(2025, 12, 31), employees=11, fte=Decimal("9.00")
    )
    employment_delete(
        actor=manager,
        snapshot=EmploymentSnapshot.objects.get(organisation=b, as_of=D(2023, 12, 31)),
    )
    assert_as_from_the_records(monkeypatch)  # fmt: skip

    # The organisation itself: founded later, moved, another kind, closed — read when counting.
    organisation_update(actor=manager, organisation=d, founded_on=D(2024, 7, 1))
    organisation_update(
        actor=manager, organisation=b, gmina=elsewhere, kind=OrganisationKind.FOUNDATION
    )
    organisation_update(actor=manager, organisation=a, closed_on=D(2025, 12, 31))
    assert_as_from_the_records(monkeypatch)  # fmt: skip

    # A status deleted; then c (an enterprise now) merged into b: their records become b's.
    ps_status_delete(actor=manager, status=again)
    ps_status_grant(actor=manager, organisation=c, kind="statutory", granted_on=D(2025, 1, 15))
    assert_as_from_the_records(monkeypatch)
    keep = dict.fromkeys(("name", "kind", "nip", "address"), "survivor")
    organisation_merge(actor=manager, survivor=b, duplicate=c, keep=keep)
    assert not Organisation.objects.filter(pk=c.pk).exists()
    assert not EnterpriseYear.objects.filter(organisation_id=c.pk).exists()
    assert EnterpriseYear.objects.filter(organisation=b, year=2025).exists()
    assert_as_from_the_records(monkeypatch)


def test_an_import_and_its_revert_reach_the_table(
    world: dict[str, Organisation], manager: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_ = run(manager, FILE, source=EXPECTED["source"])
    assert EnterpriseYear.objects.exists()
    assert_as_from_the_records(monkeypatch)
    import_batch_revert(actor=manager, batch=batch_)
    assert not EnterpriseYear.objects.exists()
    assert_as_from_the_records(monkeypatch)


def test_the_command_finds_a_table_out_of_step_and_counts_it_again(manager: Any) -> None:
    organisation = OrganisationFactory()
    ps_status_grant(
        actor=manager, organisation=organisation, kind="statutory", granted_on=D(2024, 1, 2)
    )
    employment_record(actor=manager, organisation=organisation, as_of=D(2024, 12, 31), employees=6)
    out = io.StringIO()
    call_command("monitoring_enterprise_years", "--check", stdout=out)
    assert "in step" in out.getvalue()

    EnterpriseYear.objects.filter(year=2024).update(jobs_now=60)  # fmt: skip
    with pytest.raises(SystemExit):
        call_command("monitoring_enterprise_years", "--check", stdout=out)
    call_command("monitoring_enterprise_years", "--rebuild", stdout=out)
    assert EnterpriseYear.objects.get(organisation=organisation, year=2024).jobs_now == 6
    assert enterprise_years.kept() == enterprise_years.counted()


def test_bulk_writes_of_many_organisations_reach_the_table(manager: Any) -> None:
    """An import's way of writing: many rows of several organisations in one statement (on
    PostgreSQL one trigger call over all of them)."""
    a, b, c = (OrganisationFactory(founded_on=D(2015, 1, 1)) for _ in range(3))
    for organisation in (a, b):
        ps_status_grant(
            actor=manager, organisation=organisation, kind="statutory", granted_on=D(2023, 5, 5)
        )
    EmploymentSnapshot.objects.bulk_create(
        EmploymentSnapshot(organisation=o, as_of=D(year, 12, 31), employees=n, fte=Decimal(n))
        for o, n in ((a, 3), (b, 8), (c, 5))
        for year in (2023, 2024)
    )
    assert enterprise_years.kept() == enterprise_years.counted()
    assert EnterpriseYear.objects.get(organisation=b, year=2024).jobs_now == 8
    # Records re-pointed and changed in one statement, then removed in one.
    moved = EmploymentSnapshot.objects.filter(organisation=c, as_of=D(2024, 12, 31))
    moved.update(organisation=b, as_of=D(2025, 6, 30))
    assert enterprise_years.kept() == enterprise_years.counted()
    assert EnterpriseYear.objects.get(organisation=b, year=2025).jobs_now == 5
    Organisation.objects.filter(pk__in=[a.pk, b.pk]).update(kind=OrganisationKind.CIS)
    assert set(EnterpriseYear.objects.values_list("kind", flat=True)) == {"cis"}
    EmploymentSnapshot.objects.filter(organisation__in=[a, b]).delete()
    assert enterprise_years.kept() == enterprise_years.counted()
    assert EnterpriseYear.objects.filter(organisation=b, jobs_now__gt=0).count() == 0
