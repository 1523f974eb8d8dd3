"""Operated units over the API: the operator is required for a WTZ and the unit may carry its
operator's NIP; an independent organisation with a taken NIP is still a 409."""

from __future__ import annotations

from typing import Any

import pytest

from contacts.models import Organisation
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/"


def test_a_wtz_needs_its_operator_and_may_carry_its_nip(api: Any, manager: Any) -> None:
    operator = OrganisationFactory(name="Stowarzyszenie „Razem”", kind="association")
    client = api(manager)
    payload = {"name": "WTZ „Razem”", "kind": "wtz", "nip": operator.nip}

    refused = client.post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE="pl")
    assert refused.status_code == 400, refused.content
    # Without its operator the NIP is someone else's too: both are said.
    assert sorted(refused.json()["errors"]) == ["nip", "operator"]
    assert "osobowości prawnej" in refused.json()["errors"]["operator"][0]

    created = client.post(URL, {**payload, "operator": operator.pk}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["operator"] == operator.pk
    assert Organisation.objects.filter(nip=operator.nip).count() == 2

    taken = client.post(
        URL, {"name": "Fundacja", "kind": "foundation", "nip": operator.nip}, format="json"
    )
    assert taken.status_code == 409
    assert list(taken.json()["errors"]) == ["nip"]
