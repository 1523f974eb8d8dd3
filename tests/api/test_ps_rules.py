"""The PS status rules of the Act through the API: a 400 naming the field, in the language
asked for; nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from contacts.models import OrganisationKind, SocialEnterpriseStatus
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/social-enterprise-statuses/"


def grant(client: Any, language: str = "pl", **payload: Any) -> Any:
    return client.post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE=language)


def field_errors(response: Any, status: int = 400) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("kind", "payload", "field", "words"),
    [
        (
            "association",
            {"kind": "statutory", "granted_on": "2020-01-01"},
            "granted_on",
            "30.10.2022",
        ),
        ("association", {"kind": "legacy", "granted_on": "2024-02-01"}, "granted_on", "30.10.2022"),
        ("kgw", {"kind": "statutory", "granted_on": "2021-12-31"}, "granted_on", "ustawa"),
        ("wtz", {"kind": "statutory", "granted_on": "2023-05-01"}, "kind", "art. 3"),
        ("business", {"kind": "statutory", "granted_on": "2023-05-01"}, "kind", "Biznes nie może"),
    ],
)
def test_each_rule_is_a_400_on_its_field_in_polish(
    api: Any, manager: Any, kind: str, payload: dict[str, str], field: str, words: str
) -> None:
    organisation = OrganisationFactory(kind=kind)
    errors = field_errors(grant(api(manager), organisation=organisation.pk, **payload))
    assert list(errors) == [field]
    assert words.casefold() in " ".join(errors[field]).casefold()
    assert not SocialEnterpriseStatus.objects.exists()


def test_an_overlapping_grant_is_a_409_and_a_grant_after_closing_a_400_in_english(
    api: Any, manager: Any
) -> None:
    client = api(manager)
    holder = OrganisationFactory()
    assert (
        grant(client, organisation=holder.pk, kind="statutory", granted_on="2023-01-02").status_code
        == 201
    )
    errors = field_errors(
        grant(client, "en", organisation=holder.pk, kind="statutory", granted_on="2025-01-02"),
        status=409,  # like an overlapping membership: it conflicts with a record
    )
    assert "Overlaps the statutory PS status granted on 02.01.2023" in errors["granted_on"][0]

    closed = OrganisationFactory(kind=OrganisationKind.FOUNDATION, closed_on="2024-06-30")
    errors = field_errors(
        grant(client, "en", organisation=closed.pk, kind="statutory", granted_on="2024-07-01")
    )
    assert "closed on 30.06.2024" in errors["granted_on"][0]


def test_losing_a_legacy_status_after_2023_is_a_400_on_lost_on(api: Any, manager: Any) -> None:
    client = api(manager)
    organisation = OrganisationFactory()
    created = grant(client, organisation=organisation.pk, kind="legacy", granted_on="2018-03-01")
    assert created.status_code == 201, created.content
    lose = f"{URL}{created.json()['id']}/lose/"
    errors = field_errors(client.post(lose, {"lost_on": "2024-03-01"}, format="json"))
    assert list(errors) == ["lost_on"]
    assert client.post(lose, {"lost_on": "2023-12-31"}, format="json").status_code == 200
