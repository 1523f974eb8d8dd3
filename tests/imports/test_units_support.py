"""A partner file with operated units sharing their operator's NIP, the support columns and
rows to decide imports exactly as units_support_2026.expected.json says, and reverts whole."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import EmploymentSnapshot, Organisation, SocialEnterpriseStatus
from contacts.services import organisation_create, organisation_merge
from crm.audit.models import ActionLog
from crm.territory.models import Gmina
from crm.top.imports.models import ImportBatch, ImportFlag, ImportRow
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.services import import_batch_revert, import_flag_resolve
from interactions.models import Interaction, InteractionKind
from tests.imports.conftest import DATA, run
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

FILE = DATA / "units_support_2026.csv"
EXPECTED = json.loads((DATA / "units_support_2026.expected.json").read_text("utf-8"))


@pytest.fixture
def world(manager: Any) -> dict[str, Organisation]:
    """What the database holds before the file comes: the source OWES, the record the file
    disagrees with, and a gmina that may run the CIS in Zambrów."""
    before = EXPECTED["before_the_import"]
    owes = organisation_create(actor=manager, **before["owes"])
    existing = dict(before["existing"])
    existing["gmina"] = Gmina.objects.get(code=existing["gmina"])
    zambrow = organisation_create(
        actor=manager, name="Gmina Miasto Zambrów", kind="jst_gmina",
        gmina=Gmina.objects.get(code="2014011"),
    )  # fmt: skip
    return {
        "owes": owes,
        "existing": organisation_create(actor=manager, **existing),
        "zambrow": zambrow,
    }


def _import(manager: Any) -> ImportBatch:
    return run(manager, FILE, source=EXPECTED["source"])


def _by_name(name: str) -> Organisation:
    return Organisation.objects.select_related("gmina", "operator").get(name=name)


def test_units_statuses_support_employment_and_flags_as_expected(
    world: dict[str, Organisation], manager: Any
) -> None:
    batch = _import(manager)

    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.header_row == EXPECTED["header_row"]
    assert {k: batch.counts[k] for k in EXPECTED["counts"]} == EXPECTED["counts"]
    for merged in EXPECTED["rows_merged_into_earlier"]:
        row = ImportRow.objects.get(batch=batch, row_number=merged["row"])
        assert (row.outcome, row.merged_into_row) == ("merged", merged["same_as_row"])
    # Three organisations share one NIP: the association and the WTZ and ZAZ it runs.
    created = EXPECTED["organisations_created"]
    assert Organisation.objects.count() == len(created) + 3
    for expected in created:
        organisation = _by_name(expected["name"])
        assert organisation.kind == expected["kind"]
        assert organisation.nip == expected["nip"]
        assert (organisation.operator.name if organisation.operator else None) == expected[
            "operator"
        ]
        assert (organisation.gmina.code if organisation.gmina else None) == expected["gmina"]
    assert Organisation.objects.filter(nip="4516805668").count() == 3

    statuses = SocialEnterpriseStatus.objects.order_by("granted_on")
    assert sorted(
        (s.organisation.name, s.kind, s.granted_on.isoformat(), s.decision_number) for s in statuses
    ) == sorted(
        (s["name"], s["kind"], s["granted_on"], s["decision_number"])
        for s in EXPECTED["ps_statuses"]
    )

    entries = Interaction.objects.filter(kind=InteractionKind.SUPPORT)
    found = set()
    for entry in entries:
        names = {o.name for o in entry.organisations.all()}
        assert world["owes"].name in names  # attributed to the source OWES
        assert list(entry.staff.all()) == [manager] and entry.created_by == manager
        assert not entry.has_time
        (name,) = names - {world["owes"].name}
        found.add((name, timezone.localdate(entry.occurred_at).isoformat(), entry.subject))
    assert found == {(e["name"], e["date"], e["subject"]) for e in EXPECTED["support_entries"]}
    assert entries.count() == len(EXPECTED["support_entries"])

    records = {
        (e.organisation.name, e.as_of.isoformat(), e.employees, e.fte)
        for e in EmploymentSnapshot.objects.select_related("organisation")
    }
    assert records == {
        (e["name"], e["as_of"], e["employees"], Decimal(e["fte"]) if e["fte"] else None)
        for e in EXPECTED["employment_records"]
    }

    flags = ImportFlag.objects.filter(batch=batch)
    assert sorted((f.row_number, f.kind) for f in flags) == sorted(
        (f["row"], f["kind"]) for f in EXPECTED["flags"]
    )
    for expected in EXPECTED["flags"]:
        flag = flags.get(row_number=expected["row"], kind=expected["kind"])
        assert flag.organisation_id == _by_name(expected["name"]).pk
        if "choices" in expected:
            assert [value for value, _label in flag.choices] == expected["choices"]
    operator_flag = flags.get(row_number=10)
    assert [label for _v, label in operator_flag.choices] == ["Gmina Miasto Zambrów"]

    for expected in EXPECTED["warnings"]:
        row = ImportRow.objects.get(batch=batch, row_number=expected["row"])
        assert row.warnings, expected["why"]
    wtz = ImportRow.objects.get(batch=batch, row_number=5)
    assert any("PS" in w and "WTZ" in w for w in wtz.warnings)


def test_the_error_report_lists_the_rows_to_decide_with_their_choices(
    world: dict[str, Organisation], manager: Any
) -> None:
    batch = _import(manager)

    report = rows_not_imported(batch, "csv").decode("utf-8-sig")

    lines = {line.split(";")[0].strip('"'): line for line in report.splitlines()[1:]}
    assert set(lines) == {str(f["row"]) for f in EXPECTED["flags"]}
    assert lines["8"].count("Siemiatycze (") == 2 and "2010011" not in lines["8"]
    assert "Gmina Miasto Zambrów" in lines["10"]


def test_a_reimport_adds_nothing(world: dict[str, Organisation], manager: Any) -> None:
    _import(manager)
    counts = (
        Organisation.objects.count(),
        SocialEnterpriseStatus.objects.count(),
        Interaction.objects.count(),
        EmploymentSnapshot.objects.count(),
        ImportFlag.objects.count(),
    )

    again = _import(manager)

    assert again.counts["create"] == 0 and again.counts["update"] == 0
    assert counts == (
        Organisation.objects.count(),
        SocialEnterpriseStatus.objects.count(),
        Interaction.objects.count(),
        EmploymentSnapshot.objects.count(),
        ImportFlag.objects.count(),
    )


def test_revert_removes_everything_the_import_created(
    world: dict[str, Organisation], manager: Any
) -> None:
    batch = _import(manager)

    import_batch_revert(actor=manager, batch=batch)

    assert set(Organisation.objects.values_list("pk", flat=True)) == {o.pk for o in world.values()}
    assert not SocialEnterpriseStatus.objects.exists()
    assert not Interaction.objects.exists()
    assert not EmploymentSnapshot.objects.exists()
    assert not ImportFlag.objects.exists()


def test_each_flag_is_decided_in_one_step_through_the_services(
    world: dict[str, Organisation], manager: Any
) -> None:
    batch = _import(manager)
    flags = ImportFlag.objects.filter(batch=batch)

    import_flag_resolve(actor=manager, flag=flags.get(row_number=8), choice="2010011")
    import_flag_resolve(actor=manager, flag=flags.get(row_number=12), choice="association")
    import_flag_resolve(
        actor=manager, flag=flags.get(row_number=10), choice=str(world["zambrow"].pk)
    )

    assert _by_name("Fundacja „Stare Sioło”").gmina.code == "2010011"
    kleszczele = _by_name("Przyjaciele Kleszczel")
    assert (kleszczele.kind, kleszczele.legal_form) == ("association", "association")
    assert _by_name("Centrum Integracji Społecznej w Zambrowie").operator == world["zambrow"]
    decided = flags.filter(resolved_at__isnull=False)
    assert decided.count() == 3 and {f.resolved_by for f in decided} == {manager}
    assert ActionLog.objects.filter(verb="imports.flag.resolved").count() == 3
    with pytest.raises(ValidationError):
        import_flag_resolve(actor=manager, flag=flags.get(row_number=8), choice="2010092")
    with pytest.raises(ValidationError):
        import_flag_resolve(actor=manager, flag=flags.get(row_number=9), choice="2010011")


def test_a_status_the_act_refuses_is_a_warning_and_the_rest_is_imported(
    world: dict[str, Organisation], manager: Any
) -> None:
    """Legacy status granted on or after 30.10.2022 never happens: that date makes it a
    statutory one; but a statutory one after the organisation closed is refused."""
    existing = world["existing"]
    existing.closed_on = datetime.date(2022, 12, 31)
    existing.save()
    text = FILE.read_bytes().decode("cp1250")
    text = text.replace(
        "6482730325;;;;;Kleszczele;hajnowski;;;nie;;;",
        "6482730325;;;;;Kleszczele;hajnowski;;;tak;01.03.2023;DPS.1.2023;",
    )

    batch = run(manager, data=text.encode("cp1250"), name="zamknieta.csv", source="OWES")

    row = ImportRow.objects.get(batch=batch, row_number=12)
    assert any("31.12.2022" in w for w in row.warnings)
    assert not SocialEnterpriseStatus.objects.filter(organisation=existing).exists()
    assert SocialEnterpriseStatus.objects.count() == 2


def test_the_batch_page_lists_the_rows_to_decide_and_one_click_decides_one(
    world: dict[str, Organisation], manager: Any, team_member: Any, viewer: Any
) -> None:
    batch = _import(manager)
    flag = ImportFlag.objects.get(batch=batch, row_number=9)
    page = reverse("imports:batch_detail", args=[batch.pk])
    client = client_for(team_member)

    html = client.get(page).content.decode()

    assert 'data-testid="import-decisions"' in html
    assert "Augustowskie Smaki" in html and "Klub Integracji Społecznej w Czyżach" in html
    assert 'name="choice" value="2001011"' in html
    decide = reverse("imports:decide", args=[batch.pk, flag.pk])
    assert client_for(viewer).post(decide, {"choice": "2001011"}).status_code == 403
    assert client.post(decide, {"choice": "nonsense"}).status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_at is None

    response = client.post(decide, {"choice": "2001011"})

    assert response.status_code == 302 and response["Location"].startswith(page)
    flag.refresh_from_db()
    assert (flag.chosen, flag.resolved_by) == ("2001011", team_member)
    assert _by_name("Spółdzielnia Socjalna „Augustowskie Smaki”").gmina.code == "2001011"
    assert "2001011" not in client.get(page).content.decode().split("import-decisions")[1]


def test_a_flag_of_an_organisation_merged_since_is_decided_on_the_survivor(
    world: dict[str, Organisation], manager: Any
) -> None:
    batch = _import(manager)
    flag = ImportFlag.objects.get(batch=batch, row_number=8)
    flagged = Organisation.objects.get(pk=flag.organisation_id)
    survivor = organisation_create(
        actor=manager, name="Fundacja Stare Sioło (siedziba)", kind=flagged.kind
    )
    organisation_merge(
        actor=manager, survivor=survivor, duplicate=flagged, keep={"name": "survivor"}
    )

    import_flag_resolve(actor=manager, flag=flag, choice="2010011")
    survivor.refresh_from_db()
    assert survivor.gmina is not None and survivor.gmina.code == "2010011"


def test_a_flag_of_a_deleted_organisation_says_so_on_the_batch_page(
    world: dict[str, Organisation], manager: Any
) -> None:
    batch = _import(manager)
    flag = ImportFlag.objects.get(batch=batch, row_number=8)
    Organisation.objects.filter(pk=flag.organisation_id).delete()

    client = client_for(manager)
    url = reverse("imports:decide", args=[batch.pk, flag.pk])
    response = client.post(url, {"choice": "2010011"}, follow=True)
    assert response.status_code == 200
    assert "została od tego czasu usunięta" in response.content.decode()
    flag.refresh_from_db()
    assert flag.resolved_at is None
