"""Recording a PS status on the organisation page: each rule of the Act refused next to its
field, in Polish, nothing saved; a lawful status saved and shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from contacts.models import OrganisationKind, SocialEnterpriseStatus
from crm.models import User
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def post(client: Client, organisation: Any, **fields: str) -> Any:
    data = {"kind": "statutory", "decision_number": "", "purpose": "", **fields}
    return client.post(f"/organizacje/{organisation.pk}/status-ps/", data)


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200  # the form again, with its errors
    form = response.context["form"]
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.mark.parametrize(
    ("kind", "fields", "field", "words"),
    [
        ("association", {"granted_on": "2021-05-04"}, "granted_on", "30.10.2022"),
        ("association", {"kind": "legacy", "granted_on": "2023-05-04"}, "granted_on", "dawny"),
        (
            "association",
            {"kind": "legacy", "granted_on": "2019-05-04", "lost_on": "2024-05-04"},
            "lost_on",
            "01.01.2024",
        ),
        ("zaz", {"granted_on": "2023-05-04"}, "kind", "art. 3"),
    ],
)
def test_each_rule_is_shown_next_to_its_field_in_polish(
    client: Client, team_member: User, kind: str, fields: dict[str, str], field: str, words: str
) -> None:
    organisation = OrganisationFactory(kind=kind)
    client.force_login(team_member)
    errors = errors_of(post(client, organisation, **fields))
    assert list(errors) == [field]
    assert words.casefold() in " ".join(errors[field]).casefold()
    assert not SocialEnterpriseStatus.objects.exists()


def test_an_overlap_and_a_grant_after_closing_are_refused_on_the_grant_date(
    client: Client, team_member: User
) -> None:
    client.force_login(team_member)
    holder = OrganisationFactory()
    assert post(client, holder, granted_on="2023-03-01").status_code == 302
    errors = errors_of(post(client, holder, granted_on="2024-03-01"))
    assert "01.03.2023" in errors["granted_on"][0]

    closed = OrganisationFactory(kind=OrganisationKind.FOUNDATION, closed_on="2024-01-31")
    errors = errors_of(post(client, closed, granted_on="2024-02-01"))
    assert "31.01.2024" in errors["granted_on"][0]
    assert SocialEnterpriseStatus.objects.count() == 1


def test_a_lawful_status_is_saved_and_listed_on_the_page(client: Client, team_member: User) -> None:
    organisation = OrganisationFactory()
    client.force_login(team_member)
    page = client.get(f"/organizacje/{organisation.pk}/")
    assert f"/organizacje/{organisation.pk}/status-ps/" in page.content.decode()
    response = post(client, organisation, granted_on="2023-06-01", decision_number="WP-II.9.2023")
    assert response.status_code == 302
    assert "WP-II.9.2023" in client.get(f"/organizacje/{organisation.pk}/").content.decode()


def test_a_viewer_gets_no_button_and_a_403(client: Client, viewer: User) -> None:
    organisation = OrganisationFactory()
    client.force_login(viewer)
    page = client.get(f"/organizacje/{organisation.pk}/").content.decode()
    assert "status-ps/" not in page
    assert post(client, organisation, granted_on="2023-06-01").status_code == 403
