"""The admin's import / export buttons: explicit permissions, and exports without formulas."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from contacts.resources import OrganisationResource, PersonResource
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/admin/contacts/organisation/export/"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def export_form(resource: Any, fmt: int) -> dict[str, str]:
    data = {"format": str(fmt), "resource": "0"}
    for field in resource().get_export_order():
        data[f"{resource.__name__.lower()}_{field}"] = "on"
    return data


def staff_with(user: Any, *codenames: str) -> Any:
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_admin_export_of_organisations_has_no_formula_in_xlsx_or_csv(
    client: Client, admin_user: Any
) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    OrganisationFactory(name="==1+1", town='=HYPERLINK("http://x")', street="@SUM(A1)")
    client.force_login(admin_user)

    response = client.post(URL, export_form(OrganisationResource, 1))  # XLSX
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'==1+1" in [cell.value for cell in cells]
    assert not [c for c in cells if c.data_type == "f" or str(c.value).startswith(DANGEROUS)]

    response = client.post(URL, export_form(OrganisationResource, 0))  # CSV
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = [value for row in rows for value in row]
    assert "'==1+1" in values
    assert not [v for v in values if v.startswith(DANGEROUS)]


def test_person_export_escapes_formulae_in_names(client: Client, admin_user: Any) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    PersonFactory(last_name="+cmd|' /C calc'!A0")
    client.force_login(admin_user)

    response = client.post("/admin/contacts/person/export/", export_form(PersonResource, 0))

    assert response.status_code == 200
    assert "'+cmd|" in response.content.decode("utf-8-sig")


def test_export_needs_the_view_permission_and_import_the_add_permission(
    client: Client, admin_user: Any
) -> None:
    client.force_login(staff_with(admin_user, "view_organisation"))
    assert client.get(URL).status_code == 200
    assert client.get("/admin/contacts/organisation/import/").status_code == 403
    changelist = client.get("/admin/contacts/organisation/").content.decode()
    assert "/import/" not in changelist and "/export/" in changelist

    staff_with(admin_user)
    assert client.get(URL).status_code == 403

    staff_with(admin_user, "view_organisation", "add_organisation")
    assert client.get("/admin/contacts/organisation/import/").status_code == 200
