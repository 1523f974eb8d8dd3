"""Art. 18 GDPR: a person whose processing is restricted is stored only (issue 13).

No new records name them (contacts, affiliations, participations, representatives), nothing
about them changes but lifting the restriction, and they are left out of lists, searches and
exports for everyone but managers and administrators, who see why.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from contacts.models import Affiliation, Person
from contacts.services import person_restrict, person_update
from crm.exports.services import export_named
from interactions.models import Interaction
from interactions.services import participation_register
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import MembershipFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def restricted(manager: Any) -> Person:
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Lipowa”")
    person = PersonFactory(first_name="Regina", last_name="Zastrzeżona", email="rz@example.pl")
    Affiliation.objects.create(person=person, organisation=organisation, role="prezes")
    return person_restrict(
        actor=manager, person=person, restricted=True, reason="Kwestionuje poprawność danych"
    )


def test_restricting_needs_a_reason_and_records_when(manager: Any) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError):
        person_restrict(actor=manager, person=person, restricted=True, reason=" ")
    person_restrict(actor=manager, person=person, restricted=True, reason="Sprzeciw (art. 21)")
    person.refresh_from_db()
    assert person.restricted and person.restricted_at is not None
    assert person.restriction_reason == "Sprzeciw (art. 21)"


def test_a_restricted_person_cannot_be_named_on_a_new_contact(
    manager: Any, restricted: Person
) -> None:
    organisation = restricted.affiliations.get().organisation
    response = api(manager).post(
        "/api/v1/interactions/",
        {
            "kind": "meeting",
            "subject": "Spotkanie",
            "organisations": [organisation.pk],
            "people": [restricted.pk],
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "ograniczone" in " ".join(response.json()["errors"]["non_field_errors"])
    assert not Interaction.objects.exists()


def test_nothing_new_is_tied_to_a_restricted_person(
    manager: Any, team_member: Any, restricted: Person
) -> None:
    other = OrganisationFactory()
    affiliation = api(manager).post(
        "/api/v1/affiliations/",
        {"person": restricted.pk, "organisation": other.pk, "role": "członek"},
        format="json",
    )
    assert affiliation.status_code == 400
    with pytest.raises(ValidationError):
        participation_register(actor=manager, event=EventFactory(), person=restricted)
    membership = MembershipFactory(organisation=other)
    represented = api(manager).patch(
        f"/api/v1/memberships/{membership.pk}/", {"representative": restricted.pk}, format="json"
    )
    assert represented.status_code == 400
    assert Affiliation.objects.filter(person=restricted).count() == 1


def test_a_restricted_person_is_not_edited_until_a_manager_lifts_the_restriction(
    manager: Any, team_member: Any, restricted: Person
) -> None:
    by_manager = api(manager).patch(
        f"/api/v1/people/{restricted.pk}/", {"email": "nowy@example.pl"}, format="json"
    )
    assert by_manager.status_code == 400
    by_team = api(team_member).patch(
        f"/api/v1/people/{restricted.pk}/", {"email": "nowy@example.pl"}, format="json"
    )
    assert by_team.status_code == 404  # withheld: not there for a team member
    with pytest.raises(PermissionDenied):
        person_restrict(actor=team_member, person=restricted, restricted=False)
    lifted = api(manager).post(
        f"/api/v1/people/{restricted.pk}/restriction/", {"restricted": False}, format="json"
    )
    assert lifted.status_code == 200
    assert lifted.json()["restricted"] is False and lifted.json()["restriction_reason"] == ""
    person_update(actor=team_member, person=Person.objects.get(pk=restricted.pk), phone="")


def test_a_restricted_person_is_left_out_of_searches_lists_and_exports_but_for_managers(
    manager: Any, team_member: Any, restricted: Person
) -> None:
    team = api(team_member)
    assert team.get("/api/v1/people/?search=Zastrzeżona").json()["count"] == 0
    assert team.get(f"/api/v1/people/{restricted.pk}/").status_code == 404
    assert team.get("/api/v1/affiliations/").json()["count"] == 0
    listed = reverse("contacts:person_list") + "?search=Zastrzeżona"
    shown = reverse("contacts:person_detail", args=[restricted.pk])
    assert shown not in client_for(team_member).get(listed).content.decode()
    assert shown in client_for(manager).get(listed).content.decode()
    exported = export_named(actor=team_member, name="people", filters={}, fmt="csv")
    assert b"Zastrze" not in exported.content
    organisation = restricted.affiliations.get().organisation
    org_page = client_for(team_member).get(
        reverse("contacts:organisation_detail", args=[organisation.pk])
    )
    assert "Zastrzeżona" not in org_page.content.decode()

    found = api(manager).get("/api/v1/people/?search=Zastrzeżona").json()
    assert found["count"] == 1
    assert found["results"][0]["restriction_reason"] == "Kwestionuje poprawność danych"
    detail = client_for(manager).get(reverse("contacts:person_detail", args=[restricted.pk]))
    html = detail.content.decode()
    assert "Kwestionuje poprawność danych" in html
    assert "Znieś ograniczenie" in html
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert today in html
