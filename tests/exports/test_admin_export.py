"""The admin exports through crm.exports (scoped, formula-free, logged) and imports nothing.

Before, the admin had django-import-export's own import and export buttons; the import went
past the import pipeline (no matching, no provenance), so only the export stays, as an action.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from crm.audit.models import ActionLog
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def client(admin_user: Any) -> Client:
    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    return client


def export(client: Client, model: str, action: str, ids: list[int]) -> Any:
    return client.post(f"/admin/contacts/{model}/", {"action": action, "_selected_action": ids})


def test_admin_export_of_organisations_has_no_formula_in_xlsx_or_csv(
    client: Client, admin_user: Any
) -> None:
    organisation = OrganisationFactory(
        name="==1+1", town='=HYPERLINK("http://x")', street="@SUM(A1)"
    )

    response = export(client, "organisation", "export_xlsx", [organisation.pk])
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'==1+1" in [cell.value for cell in cells]
    assert not [c for c in cells if c.data_type == "f" or str(c.value).startswith(DANGEROUS)]

    response = export(client, "organisation", "export_csv", [organisation.pk])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = [value for row in rows for value in row]
    assert "'==1+1" in values
    assert not [v for v in values if v.startswith(DANGEROUS)]

    logged = ActionLog.objects.filter(verb="exports.organisation.exported", actor=admin_user)
    assert [entry.details["format"] for entry in logged.order_by("pk")] == ["xlsx", "csv"]


def test_person_export_escapes_formulae_in_names(client: Client) -> None:
    person = PersonFactory(last_name="+cmd|' /C calc'!A0")

    response = export(client, "person", "export_csv", [person.pk])

    assert response.status_code == 200
    assert "'+cmd|" in response.content.decode("utf-8-sig")


def test_the_export_holds_only_the_selected_rows(client: Client) -> None:
    chosen, other = OrganisationFactory(name="Wybrana"), OrganisationFactory(name="Pominięta")

    content = export(client, "organisation", "export_csv", [chosen.pk]).content.decode("utf-8-sig")

    assert "Wybrana" in content and other.name not in content


def test_there_is_no_admin_import_of_organisations_or_people(client: Client) -> None:
    PersonFactory()
    OrganisationFactory()
    for model in ("organisation", "person"):
        changelist = client.get(f"/admin/contacts/{model}/").content.decode()
        assert f"/admin/contacts/{model}/import/" not in changelist
        assert 'value="export_xlsx"' in changelist
        assert client.get(f"/admin/contacts/{model}/import/").status_code != 200
