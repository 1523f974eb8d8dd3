"""Importing a network's members: every row checked first, all written at once, or nothing."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from crm.audit.models import ActionLog
from crm.top.imports.memberships import membership_import
from networks.models import Membership, MembershipRole
from networks.resources import MembershipResource
from tests.contacts.factories import OrganisationFactory, valid_regon
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def members_csv(*lines: str) -> bytes:
    head = "Lista członków sieci\n\nNIP;REGON;Nazwa;Data przystąpienia;Data wystąpienia;Rola\n"
    return (head + "\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def two_organisations() -> tuple[Any, Any]:
    first = OrganisationFactory(regon=valid_regon(901))
    second = OrganisationFactory(regon=valid_regon(902))
    return first, second


def test_members_are_added_with_their_dates_and_roles(manager: Any, two_organisations: Any) -> None:
    first, second = two_organisations
    network = NetworkFactory(name="Sieć Ekonomii Społecznej")
    data = members_csv(
        f"{first.nip};;{first.name};01.02.2024;;koordynator",
        f";{second.regon};{second.name};2024-03-15;30.06.2025;członek",
    )

    result = membership_import(actor=manager, network=network, data=data)

    assert result.counts["created"] == 2
    memberships = {m.organisation_id: m for m in Membership.objects.filter(network=network)}
    assert memberships[first.pk].joined_on == datetime.date(2024, 2, 1)
    assert memberships[first.pk].role == MembershipRole.COORDINATOR
    assert memberships[second.pk].left_on == datetime.date(2025, 6, 30)
    assert memberships[first.pk].history.first().history_user_id == manager.pk
    assert ActionLog.objects.filter(verb="imports.memberships.imported").count() == 1


def test_one_bad_row_writes_nothing_and_says_which_row(
    manager: Any, two_organisations: Any
) -> None:
    first, _second = two_organisations
    network = NetworkFactory()
    data = members_csv(
        f"{first.nip};;;01.02.2024;;",
        "1234567890;;Nieznany;01.02.2024;;",
    )

    result = membership_import(actor=manager, network=network, data=data)

    assert Membership.objects.count() == 0
    assert [row.outcome for row in result.rows] == ["create", "error"]
    assert result.rows[1].row_number == 5  # the row a person sees in Excel
    assert result.counts["errors"] == 1


def test_dry_run_writes_nothing(manager: Any, two_organisations: Any) -> None:
    first, second = two_organisations
    network = NetworkFactory()
    data = members_csv(f"{first.nip};;;01.02.2024;;", f"{second.nip};;;01.02.2024;;")

    result = membership_import(actor=manager, network=network, data=data, dry_run=True)

    assert result.counts["to_create"] == 2
    assert Membership.objects.count() == 0


def test_importing_the_same_list_twice_changes_nothing(
    manager: Any, two_organisations: Any
) -> None:
    first, second = two_organisations
    network = NetworkFactory()
    data = members_csv(f"{first.nip};;;01.02.2024;;", f"{second.nip};;;01.02.2024;;")
    membership_import(actor=manager, network=network, data=data)

    again = membership_import(actor=manager, network=network, data=data)

    assert again.counts["unchanged"] == 2 and again.counts["created"] == 0
    assert Membership.objects.count() == 2


def test_an_overlapping_period_is_an_error(manager: Any, two_organisations: Any) -> None:
    first, second = two_organisations
    network = NetworkFactory()
    MembershipFactory(organisation=first, network=network, joined_on=datetime.date(2020, 1, 1))
    data = members_csv(
        f"{first.nip};;;01.02.2024;;",
        f"{second.nip};;;01.02.2024;;",
        f"{second.nip};;;01.03.2024;;",
    )

    result = membership_import(actor=manager, network=network, data=data)

    assert [row.outcome for row in result.rows] == ["error", "create", "error"]
    assert Membership.objects.count() == 1


def test_owes_partner_cannot_add_members_outside_their_subregion(
    owes_partner: Any, two_organisations: Any
) -> None:
    """Partners import lists (issue 14), but a member of another subregion is an error row."""
    from crm.models import Gmina

    first, _second = two_organisations
    first.gmina = Gmina.objects.get(code="2001011")  # Augustów, suwalski
    first.save()
    network = NetworkFactory()
    result = membership_import(
        actor=owes_partner, network=network, data=members_csv(f"{first.nip};;;01.02.2024;;")
    )
    assert [row.outcome for row in result.rows] == ["error"]
    assert "subregion" in " ".join(result.rows[0].errors)
    assert not result.applied and Membership.objects.count() == 0


def test_command_prints_json_and_dry_run_writes_nothing(
    admin_user: Any, two_organisations: Any, tmp_path: Path
) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    first, second = two_organisations
    network = NetworkFactory(name="Sieć OWES")
    path = tmp_path / "czlonkowie.csv"
    path.write_bytes(members_csv(f"{first.nip};;;01.02.2024;;", f"{second.nip};;;zły dzień;;"))

    out = StringIO()
    call_command("import_memberships", str(path), "--network", "Sieć OWES", "--json", stdout=out)

    summary = json.loads(out.getvalue())
    assert summary["errors"] == 1 and summary["created"] == 0
    assert summary["row_errors"][0]["row"] == 5
    path.write_bytes(members_csv(f"{first.nip};;;01.02.2024;;", f"{second.nip};;;02.02.2024;;"))
    call_command("import_memberships", str(path), "--network", "Sieć OWES", "--dry-run")
    assert Membership.objects.count() == 0
    call_command("import_memberships", str(path), "--network", "Sieć OWES", stdout=StringIO())
    assert Membership.objects.filter(network=network).count() == 2


def test_membership_resource_round_trips_by_natural_keys(two_organisations: Any) -> None:
    first, _second = two_organisations
    network = NetworkFactory(name="Sieć Ekonomii")
    MembershipFactory(organisation=first, network=network, joined_on=datetime.date(2021, 5, 4))

    exported = MembershipResource().export()
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row["organisation_nip"] == first.nip
    assert row["network"] == "Sieć Ekonomii"
    assert row["joined_on"] == "2021-05-04"

    Membership.objects.all().delete()
    result = MembershipResource().import_data(exported, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Membership.objects.get().organisation_id == first.pk
