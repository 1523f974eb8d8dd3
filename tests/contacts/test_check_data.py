"""``manage.py check_data``: every rule broken once is listed with exit status 1; the demo data
breaks none."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from contacts.models import OrganisationLink, OwesAccreditation, SocialEnterpriseStatus
from contacts.services.data_check import RULES, data_check
from crm.models import Subregion
from tests.contacts.factories import OrganisationFactory

D = datetime.date


def check() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check_data", stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue() + err.getvalue()
    return 0, out.getvalue()


def status(organisation: object, kind: str, granted: datetime.date, **more: object) -> None:
    SocialEnterpriseStatus.objects.create(
        organisation=organisation, kind=kind, granted_on=granted, **more
    )


@pytest.mark.django_db
def test_each_broken_rule_is_listed_and_the_exit_status_is_1() -> None:
    # Written around the services, as old records and bulk writes were.
    pes = OrganisationFactory(name="Fundacja Stara")
    status(pes, "statutory", D(2020, 1, 1))  # before the Act
    status(OrganisationFactory(name="Firma", kind="business"), "statutory", D(2023, 1, 1))
    twice = OrganisationFactory(name="Dwa statusy")
    status(twice, "statutory", D(2023, 1, 1))
    status(twice, "statutory", D(2024, 1, 1))
    status(OrganisationFactory(closed_on=D(2023, 1, 1)), "statutory", D(2023, 6, 1))
    status(OrganisationFactory(), "legacy", D(2023, 6, 1))
    status(OrganisationFactory(), "legacy", D(2019, 6, 1), lost_on=D(2024, 6, 1))
    OrganisationFactory(name="WTZ bez prowadzącego", kind="wtz", nip=None)
    operator = OrganisationFactory(kind="association")
    OrganisationFactory(kind="association", operator=operator)  # not a unit
    unit = OrganisationFactory(kind="wtz", operator=operator, nip=None)
    OrganisationFactory(kind="kis", operator=unit, nip=None)  # run by a unit
    OrganisationFactory(kind="cis", operator=unit, nip=operator.nip)  # also: foreign NIP
    OwesAccreditation.objects.create(organisation=operator)  # not an OWES
    owes = OrganisationFactory(kind="owes")
    OwesAccreditation.objects.create(organisation=owes)  # no subregion
    for _ in range(2):
        OwesAccreditation.objects.create(organisation=owes).subregions.set(
            [Subregion.objects.get(slug="bielski")]
        )
    OrganisationLink.objects.create(organisation=owes, kind="owes_support", other=pes)

    code, output = check()
    assert code == 1
    found = {f.rule.code for f in data_check()}
    assert found == {rule.code for rule in RULES}
    for rule in RULES:
        assert f"[{rule.code}]" in output
    assert "Fundacja Stara" in output
    assert "WTZ bez prowadzącego" in output


@pytest.mark.django_db
def test_the_demo_data_breaks_no_rule() -> None:
    call_command("seed_demo", size="small", stdout=StringIO())
    code, output = check()
    assert (code, output.strip()) == (0, "Żaden zapis nie narusza reguł.")
