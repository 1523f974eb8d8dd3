"""OWES partners import their own lists (issue 14): rows of their subregions are written, the
others are reported with the Excel row number and the reason in Polish, and nothing of them is
written; partners see only their own imports; a manager sees and reverts them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from contacts.models import Organisation
from crm.models import Gmina, Role, Subregion, User
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportRow
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.services import (
    import_batch_apply,
    import_batch_plan,
    import_batch_revert,
    import_batch_upload,
)
from interactions.models import Interaction
from tests.contacts.factories import OrganisationFactory
from tests.imports.conftest import run, work_off

pytestmark = pytest.mark.django_db

# Row 1 is the header: Excel's row numbers of the data are 2 to 7.
FILE = (
    "Nazwa podmiotu;Forma prawna;NIP;Gmina;Powiat;Telefon;Rodzaj wsparcia;Data wsparcia\n"
    "Spółdzielnia Socjalna „Puszcza”;spółdzielnia socjalna;5423000010;m. Hajnówka;hajnowski;"
    "85 682 00 01;doradztwo;12.03.2026\n"
    "Stowarzyszenie Raczkowskie;stowarzyszenie;;Raczki;suwalski;;doradztwo;13.03.2026\n"
    "Fundacja Suwalska;fundacja;7291109046;m. Hajnówka;hajnowski;85 600 00 00;"
    "doradztwo;14.03.2026\n"
    "Koło Gospodyń Wiejskich bez gminy;KGW;;;;;szkolenie;15.03.2026\n"
    "Stowarzyszenie na Rzecz Gminy Czyże;stowarzyszenie;4708073824;Czyże;hajnowski;"
    "85 681 11 11;animacja;16.03.2026\n"
    "Fundacja Dwóch Subregionów;fundacja;6424682733;Czyże;hajnowski;;doradztwo;17.03.2026\n"
).encode()


@pytest.fixture
def others() -> dict[str, Organisation]:
    """An organisation of the suwalski subregion and two of the partner's (bielski)."""
    suwalska = OrganisationFactory(
        name="Fundacja Suwalska",
        kind="foundation",
        nip="7291109046",
        gmina=Gmina.objects.get(code="2001011"),  # Augustów (suwalski)
        phones=["+48876430000"],
    )
    czyze = OrganisationFactory(
        name="Stowarzyszenie na Rzecz Gminy Czyże",
        kind="association",
        nip="4708073824",
        gmina=Gmina.objects.get(subregion__slug="bielski", name="Czyże"),
    )
    # Recorded in łomżyński, while the file says Czyże: it matches by NIP and stays as it is.
    dwoch = OrganisationFactory(
        name="Fundacja Dwóch Subregionów",
        kind="foundation",
        nip="6424682733",
        gmina=Gmina.objects.filter(subregion__slug="lomzynski").first(),
    )
    return {"suwalska": suwalska, "czyze": czyze, "dwoch": dwoch}


def _partner_run(user: Any) -> ImportBatch:
    return run(user, data=FILE, name="owes_bielski.csv", source="OWES Bielski")


def test_a_partner_writes_the_rows_of_its_subregion_and_the_others_are_reported(
    owes_partner: User, others: dict[str, Organisation]
) -> None:
    before = {k: (o.name, list(o.phones), o.gmina_id) for k, o in others.items()}
    with translation.override("pl"):
        batch = _partner_run(owes_partner)

    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.limited and [s.slug for s in batch.subregions.all()] == ["bielski"]
    assert batch.counts["create"] == 1 and batch.counts["update"] == 1
    assert batch.counts["error"] == 4
    puszcza = Organisation.objects.get(nip="5423000010")
    assert puszcza.gmina is not None and puszcza.gmina.subregion.slug == "bielski"
    others["czyze"].refresh_from_db()
    assert others["czyze"].phones == ["+48856811111"]
    # Nothing of another subregion's organisation changed, nor was anything new written.
    for key in ("suwalska", "dwoch"):
        others[key].refresh_from_db()
        organisation = others[key]
        assert (organisation.name, list(organisation.phones), organisation.gmina_id) == before[key]
        assert not ImportedRecord.objects.filter(
            batch=batch, content_type__model="organisation", object_id=organisation.pk
        ).exists()
        assert not Interaction.objects.filter(organisations=organisation).exists()
    assert not Organisation.objects.filter(name__startswith="Stowarzyszenie Raczkowskie").exists()
    assert not Organisation.objects.filter(name__contains="bez gminy").exists()

    reasons = dict(
        ImportRow.objects.filter(batch=batch, outcome="error").values_list("row_number", "messages")
    )
    assert sorted(reasons) == [3, 4, 5, 7]
    assert "Gmina Raczki należy do: Subregion suwalski" in reasons[3][0]
    assert "poza subregionami tego importu (Subregion bielski)" in reasons[3][0]
    assert "Fundacja Suwalska" in reasons[4][0] and "suwalski" in reasons[4][0]
    assert "nie zmieniono" in reasons[4][0]
    assert "Brak gminy" in reasons[5][0]
    assert "Subregion łomżyński" in reasons[7][0] and "nie zmieniono" in reasons[7][0]

    with translation.override("pl"):
        report = rows_not_imported(batch, "csv").decode("utf-8-sig")
    lines = report.splitlines()
    assert lines[0].startswith("Wiersz;") and lines[0].endswith(";Powód")
    assert [line.split(";")[0] for line in lines[1:]] == ["3", "4", "5", "7"]
    assert "należy do: Subregion suwalski" in lines[1]


def test_without_a_limit_the_same_file_writes_every_row(
    team_member: User, others: dict[str, Organisation]
) -> None:
    batch = _partner_run(team_member)
    assert not batch.limited and batch.counts["error"] == 0
    others["suwalska"].refresh_from_db()
    assert "+48856000000" in others["suwalska"].phones


def test_a_row_moved_out_of_reach_after_the_plan_is_refused_when_applied(
    owes_partner: User, manager: User, others: dict[str, Organisation]
) -> None:
    batch = import_batch_upload(actor=owes_partner, source="OWES Bielski", name="a.csv", data=FILE)
    batch = import_batch_plan(actor=owes_partner, batch=batch)
    row = ImportRow.objects.get(batch=batch, row_number=6)
    assert row.outcome == "update"
    # Meanwhile the organisation turns out to be of the suwalski subregion.
    Organisation.objects.filter(pk=others["czyze"].pk).update(
        gmina=Gmina.objects.get(code="2001011")
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    import_batch_apply(batch_id=batch.pk)

    row.refresh_from_db()
    assert row.outcome == "error" and "suwalski" in row.messages[-1]
    others["czyze"].refresh_from_db()
    assert others["czyze"].phones == []


def test_a_partner_without_subregions_is_told_why_nothing_can_be_imported() -> None:
    lonely = User.objects.create_user(username="bez", password="x", role=Role.OWES_PARTNER)
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        import_batch_upload(actor=lonely, source="OWES", name="a.csv", data=FILE)
    assert "nie ma przypisanych subregionów" in " ".join(refused.value.messages)
    assert not ImportBatch.objects.exists()


def test_partners_see_only_their_own_imports_and_a_manager_reverts_them(
    owes_partner: User, team_member: User, manager: User, others: dict[str, Organisation]
) -> None:
    ours = _partner_run(owes_partner)
    theirs = _partner_run(team_member)  # not limited: may hold any subregion's rows
    suwalski = User.objects.create_user(username="suw", password="x", role=Role.OWES_PARTNER)
    suwalski.subregions.add(Subregion.objects.get(slug="suwalski"))

    page = Client()
    page.force_login(owes_partner)
    listing = page.get(reverse("imports:batch_list")).content.decode()
    assert reverse("imports:batch_detail", args=[ours.pk]) in listing
    assert reverse("imports:batch_detail", args=[theirs.pk]) not in listing
    detail = page.get(reverse("imports:batch_detail", args=[ours.pk]) + "?outcome=error")
    html = detail.content.decode()
    assert "Gmina Raczki należy do: Subregion suwalski" in html
    assert "tylko wiersze z: Subregion bielski" in html
    assert "Cofnij import" not in html  # managers revert
    assert page.get(reverse("imports:batch_detail", args=[theirs.pk])).status_code == 404
    assert page.get(reverse("imports:report", args=[theirs.pk])).status_code == 404

    other = Client()
    other.force_login(suwalski)
    assert other.get(reverse("imports:batch_detail", args=[ours.pk])).status_code == 404

    boss = Client()
    boss.force_login(manager)
    html = boss.get(reverse("imports:batch_detail", args=[ours.pk])).content.decode()
    assert "Cofnij import" in html
    import_batch_revert(actor=manager, batch=ours)
    assert not Organisation.objects.filter(nip="5423000010").exists()


def test_the_api_takes_a_partners_file_and_reports_the_rows_of_other_subregions(
    owes_partner: User, manager: User, others: dict[str, Organisation]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = APIClient()
    api.force_authenticate(owes_partner)
    upload = SimpleUploadedFile("lista.csv", FILE, content_type="text/csv")
    created = api.post("/api/v1/imports/", {"source": "OWES Bielski", "file": upload})
    assert created.status_code == 201, created.content
    assert created.json()["limited_to"] == ["bielski"]
    batch_id = created.json()["id"]
    work_off(batch_id)
    errors = api.get(
        f"/api/v1/imports/{batch_id}/rows/?outcome=error", HTTP_ACCEPT_LANGUAGE="pl"
    ).json()["results"]
    assert [r["row_number"] for r in errors] == [3, 4, 5, 7]
    assert api.post(f"/api/v1/imports/{batch_id}/confirm/").status_code == 202
    work_off(batch_id)
    assert api.post(f"/api/v1/imports/{batch_id}/revert/").status_code == 403
    listed = api.get("/api/v1/imports/").json()["results"]
    assert [b["id"] for b in listed] == [batch_id]

    boss = APIClient()
    boss.force_authenticate(manager)
    assert boss.post(f"/api/v1/imports/{batch_id}/revert/").status_code == 200
