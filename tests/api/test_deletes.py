"""DELETE over the API: managers and administrators remove mistaken entries through the
services (action log, field history), team members are refused, and what history needs is kept
with a 409 that says why."""

from __future__ import annotations

import pytest

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    Person,
    SocialEnterpriseStatus,
)
from crm.models import ActionLog
from interactions.models import Event, FollowUp, Interaction, Participation
from networks.models import Partnership
from tests.api.world import World, build_world
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(manager) -> World:
    return build_world(assignee=manager)


def _cases(world: World) -> list[tuple[str, type, int, str]]:
    a = world.a
    return [
        (f"interactions/{a.interaction.pk}/", Interaction, a.interaction.pk,
         "interactions.interaction.deleted"),
        (f"follow-ups/{a.follow_up.pk}/", FollowUp, a.follow_up.pk,
         "interactions.follow_up.deleted"),
        (f"participations/{a.participation.pk}/", Participation, a.participation.pk,
         "interactions.participation.deleted"),
        (f"events/{a.event.pk}/", Event, a.event.pk, "interactions.event.deleted"),
        (f"affiliations/{a.affiliation.pk}/", Affiliation, a.affiliation.pk,
         "contacts.affiliation.deleted"),
        (f"employment-snapshots/{a.employment.pk}/", EmploymentSnapshot, a.employment.pk,
         "contacts.employment.deleted"),
        (f"social-enterprise-statuses/{a.status.pk}/", SocialEnterpriseStatus, a.status.pk,
         "contacts.ps_status.deleted"),
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(7))
def test_a_manager_deletes_and_the_action_log_says_so(api, manager, world, index):
    path, model, pk, verb = _cases(world)[index]
    response = api(manager).delete(f"/api/v1/{path}")
    assert response.status_code == 204, response.content
    assert not model.objects.filter(pk=pk).exists()
    entry = ActionLog.objects.get(verb=verb)
    assert (entry.actor, entry.object_id) == (manager, str(pk))
    # The field history keeps the removed row, authored by the manager.
    last = model.history.filter(id=pk).latest("history_date")
    assert (last.history_type, last.history_user) == ("-", manager)


@pytest.mark.parametrize("index", range(7))
def test_a_team_member_may_not_delete(api, team_member, manager, world, index):
    path, model, pk, verb = _cases(world)[index]
    response = api(team_member).delete(f"/api/v1/{path}")
    assert response.status_code == 403
    assert model.objects.filter(pk=pk).exists()
    assert not ActionLog.objects.filter(verb=verb).exists()


def test_an_unlinked_organisation_is_deleted_and_its_history_kept(api, admin_user):
    organisation = OrganisationFactory(name="Fundacja Pomyłka")
    response = api(admin_user).delete(f"/api/v1/organisations/{organisation.pk}/")
    assert response.status_code == 204
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert Organisation.history.filter(id=organisation.pk, history_type="-").exists()
    assert ActionLog.objects.filter(
        verb="contacts.organisation.deleted", object_id=str(organisation.pk)
    ).exists()


def test_a_linked_organisation_is_refused_with_a_message_naming_what_refers_to_it(
    api, manager, world
):
    organisation = world.a.organisation
    response = api(manager).delete(
        f"/api/v1/organisations/{organisation.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "cannot be deleted" in body["message"]
    assert "memberships" in body["message"] and "interactions" in body["message"]
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not ActionLog.objects.filter(verb="contacts.organisation.deleted").exists()


def test_an_organisation_that_operates_a_unit_is_refused(api, manager):
    operator = OrganisationFactory(name="Fundacja Operator")
    OrganisationFactory(name="Warsztat Terapii Zajęciowej", kind="wtz", operator=operator)
    response = api(manager).delete(f"/api/v1/organisations/{operator.pk}/")
    assert response.status_code == 409


def test_a_person_with_interactions_is_refused_and_pointed_to_anonymisation(api, manager, world):
    response = api(manager).delete(
        f"/api/v1/people/{world.a.person.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "Anonymise" in response.json()["message"]
    polish = api(manager).delete(f"/api/v1/people/{world.a.person.pk}/", HTTP_ACCEPT_LANGUAGE="pl")
    assert "zanonimizuj" in polish.json()["message"]
    assert Person.objects.filter(pk=world.a.person.pk).exists()


def test_a_person_nothing_refers_to_is_deleted(api, manager):
    person = Person.objects.create(first_name="Jan", last_name="Pomyłkowski")
    assert api(manager).delete(f"/api/v1/people/{person.pk}/").status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()
    assert ActionLog.objects.filter(verb="contacts.person.deleted").count() == 1


def test_an_attended_event_is_refused(api, manager, world):
    participation = world.a.participation
    participation.status = "attended"
    participation.save()
    response = api(manager).delete(f"/api/v1/events/{world.a.event.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "attended" in response.json()["message"]
    assert Event.objects.filter(pk=world.a.event.pk).exists()


def test_an_event_a_partnership_came_out_of_is_refused(api, manager, world):
    Partnership.objects.filter(pk=world.a.partnership.pk).update(origin_event=world.a.event)
    response = api(manager).delete(f"/api/v1/events/{world.a.event.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "partnership" in response.json()["message"]


def test_deleting_an_interaction_keeps_its_follow_ups(api, manager, world):
    follow_up = world.a.follow_up
    FollowUp.objects.filter(pk=follow_up.pk).update(interaction=world.a.interaction)
    assert api(manager).delete(f"/api/v1/interactions/{world.a.interaction.pk}/").status_code == 204
    follow_up.refresh_from_db()
    assert follow_up.interaction_id is None


@pytest.mark.parametrize("ident", ["999999", "abc", "0"])
def test_deleting_what_does_not_exist_is_a_404(api, manager, ident):
    for resource in ("organisations", "people", "events", "interactions", "follow-ups"):
        response = api(manager).delete(f"/api/v1/{resource}/{ident}/")
        assert response.status_code == 404, (resource, response.content)


def test_memberships_and_partnerships_cannot_be_deleted(api, admin_user, world):
    # Their history must stay: leaving a network or ending a partnership is the operation.
    membership = api(admin_user).delete(f"/api/v1/memberships/{world.a.membership.pk}/")
    partnership = api(admin_user).delete(f"/api/v1/partnerships/{world.a.partnership.pk}/")
    assert (membership.status_code, partnership.status_code) == (405, 405)
