"""The organisation form asks for the operator of a WTZ, ZAZ, CIS or KIS (typed by name), and
lets the unit carry its operator's NIP."""

from __future__ import annotations

import pytest
from django.test import Client

from contacts.models import Organisation
from crm.models import User
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_zaz_is_added_with_its_operator_typed_by_name_and_its_nip(
    client: Client, team_member: User
) -> None:
    operator = OrganisationFactory(name="Fundacja „Szansa”", kind="foundation")
    client.force_login(team_member)
    data = {"name": "ZAZ „Szansa”", "kind": "zaz", "nip": operator.nip, "phones_text": ""}

    page = client.post("/organizacje/nowa/", data)
    assert page.status_code == 200
    assert "operator" in page.context["form"].errors
    assert "osobowości prawnej" in page.content.decode()

    response = client.post("/organizacje/nowa/", {**data, "operator": "fundacja szansa"})
    assert response.status_code == 302, response.context["form"].errors
    zaz = Organisation.objects.get(name="ZAZ „Szansa”")
    assert zaz.operator == operator
    assert zaz.nip == operator.nip
    detail = client.get(f"/organizacje/{zaz.pk}/").content.decode()
    assert operator.name in detail


def test_the_edit_form_shows_the_operator(client: Client, team_member: User) -> None:
    operator = OrganisationFactory(name="Fundacja „Szansa”", kind="foundation")
    unit = OrganisationFactory(name="WTZ", kind="wtz", operator=operator, nip=operator.nip)
    client.force_login(team_member)
    page = client.get(f"/organizacje/{unit.pk}/edycja/").content.decode()
    assert 'value="Fundacja „Szansa”"' in page
    assert f'name="operator_id" value="{operator.pk}"' in page
