"""Adding an organisation that is already recorded warns first and offers the existing one."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from contacts.models import Organisation
from crm.models import Gmina
from tests.api.conftest import client_for as api_client
from tests.contacts.factories import OrganisationFactory, valid_regon
from tests.web.conftest import client_for

HAJNOWKA = "2005011"


def _form(**values: Any) -> dict[str, Any]:
    data = {
        "name": "Stowarzyszenie Razem dla Hajnówki",
        "kind": "association",
        "nip": "",
        "regon": "",
        "krs": "",
        "kgw_number": "",
        "phones_text": "",
        "gmina": Gmina.objects.get(code=HAJNOWKA).pk,
    }
    return data | values


@pytest.fixture
def existing(db: None) -> Organisation:
    return OrganisationFactory(
        name="Stowarzyszenie „Razem dla Hajnówki”",
        kind="association",
        regon=valid_regon(8001),
        gmina=Gmina.objects.get(code=HAJNOWKA),
    )


@pytest.mark.django_db
def test_the_same_name_in_the_same_gmina_warns_and_links_the_existing_one(
    manager: Any, existing: Organisation
) -> None:
    client = client_for(manager)
    url = reverse("contacts:organisation_create")
    response = client.post(url, _form())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ta organizacja może już być w bazie" in html
    assert reverse("contacts:organisation_detail", args=[existing.pk]) in html
    assert 'value="Stowarzyszenie Razem dla Hajnówki"' in html  # nothing typed is lost
    assert Organisation.objects.count() == 1
    saved = client.post(url, _form(confirm_duplicate="1"))
    assert saved.status_code == 302
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_the_same_name_in_another_gmina_saves_without_a_warning(
    manager: Any, existing: Organisation
) -> None:
    other_gmina = Gmina.objects.exclude(pk=existing.gmina_id).first()
    assert other_gmina is not None
    response = client_for(manager).post(
        reverse("contacts:organisation_create"), _form(gmina=other_gmina.pk)
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_a_taken_regon_offers_the_organisation_that_has_it(
    manager: Any, existing: Organisation
) -> None:
    response = client_for(manager).post(
        reverse("contacts:organisation_create"),
        _form(name="Zupełnie Inna Nazwa", regon=existing.regon),
    )
    html = response.content.decode()
    assert reverse("contacts:organisation_detail", args=[existing.pk]) in html
    assert "To inna organizacja: zapisz" not in html  # the REGON is refused anyway
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_the_api_answers_400_with_the_existing_id_unless_confirmed(
    manager: Any, existing: Organisation
) -> None:
    payload = {"name": "STOWARZYSZENIE RAZEM DLA HAJNÓWKI", "kind": "association"}
    payload["gmina"] = HAJNOWKA
    refused = api_client(manager).post("/api/v1/organisations/", payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["existing"] == [str(existing.pk)]
    assert "confirm_duplicate" in refused.json()["errors"]
    confirmed = api_client(manager).post(
        "/api/v1/organisations/", payload | {"confirm_duplicate": True}, format="json"
    )
    assert confirmed.status_code == 201, confirmed.content
    assert "confirm_duplicate" not in confirmed.json()
    assert Organisation.objects.count() == 2
