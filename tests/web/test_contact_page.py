"""A logged contact has a page, can be corrected with the rules of logging one, and deleted by
managers; every place that lists contacts leads to it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Affiliation
from crm.audit.models import ActionLog
from interactions.models import FollowUp, Interaction
from networks.models import Partnership
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def page_of(world: World) -> str:
    return reverse("interactions:interaction_detail", args=[world.interaction.pk])


def test_a_contact_has_a_page_with_who_when_and_what(team_member: Any, world: World) -> None:
    world.interaction.people.add(world.person)
    world.interaction.notes = "Omówiono biznesplan."
    world.interaction.save()
    world.follow_up.interaction = world.interaction
    world.follow_up.save()
    html = client_for(team_member).get(page_of(world)).content.decode()
    assert world.interaction.subject in html
    assert world.organisation.name in html
    assert "Anna Łukaszuk" in html or "Łukaszuk Anna" in html
    assert "Omówiono biznesplan." in html
    assert "Wysłać wzór wniosku" in html  # its follow-up
    assert "Tomasz Animator" in html  # staff


@pytest.mark.parametrize(
    "where",
    ["contact log", "organisation page", "start page", "person page"],
)
def test_every_place_that_lists_a_contact_links_to_its_page(
    team_member: Any, world: World, where: str
) -> None:
    world.interaction.people.add(world.person)
    urls = {
        "contact log": reverse("interactions:interaction_list"),
        "organisation page": reverse("contacts:organisation_detail", args=[world.organisation.pk]),
        "start page": reverse("home"),
        "person page": reverse("contacts:person_detail", args=[world.person.pk]),
    }
    html = client_for(team_member).get(urls[where]).content.decode()
    assert f'href="{page_of(world)}"' in html


def test_the_edit_form_corrects_subject_organisations_and_time_through_the_service(
    team_member: Any, world: World
) -> None:
    other = OrganisationFactory(name="Fundacja Poprawna", town="Hajnówka")
    response = client_for(team_member).post(
        reverse("interactions:interaction_edit", args=[world.interaction.pk]),
        {
            "kind": "phone",
            "occurred_on": "2026-11-20",
            "occurred_time": "",
            "subject": "Rozmowa o klauzulach",
            "organisations": [],  # the organisation named by mistake is unticked
            "add_organisation": f"{other.name} #{other.pk}",
            "staff": [team_member.pk],
        },
    )
    assert response.status_code == 302
    world.interaction.refresh_from_db()
    assert world.interaction.subject == "Rozmowa o klauzulach"
    assert list(world.interaction.organisations.all()) == [other]
    assert world.interaction.has_time is False
    assert timezone.localtime(world.interaction.occurred_at).time() == datetime.time.min
    entry = ActionLog.objects.filter(verb="interactions.interaction.updated").get()
    assert {"subject", "organisations", "kind", "occurred_at"} <= set(entry.details["fields"])
    page = client_for(team_member).get(page_of(world)).content.decode()
    assert "20.11.2026" in page and "20.11.2026, 00:00" not in page  # a date, no clock time
    assert "Rozmowa o klauzulach" in page


def test_a_contact_cannot_be_left_without_an_organisation(team_member: Any, world: World) -> None:
    response = client_for(team_member).post(
        reverse("interactions:interaction_edit", args=[world.interaction.pk]),
        {"kind": "phone", "occurred_on": "2026-11-20", "subject": "X", "organisations": []},
    )
    assert response.status_code == 200
    assert "Wskaż co najmniej jedną organizację" in response.content.decode()
    world.interaction.refresh_from_db()
    assert world.interaction.subject != "X"


def test_an_owes_partner_may_not_move_a_contact_to_another_subregion(
    owes_partner: Any, world: World
) -> None:
    response = client_for(owes_partner).post(
        reverse("interactions:interaction_edit", args=[world.interaction.pk]),
        {
            "kind": "phone",
            "occurred_on": "2026-11-20",
            "subject": "Przeniesione",
            "organisations": [world.organisation.pk],
            "add_organisation": f"{world.other.name} #{world.other.pk}",
        },
    )
    assert response.status_code == 200
    assert "subregion" in response.content.decode()
    world.interaction.refresh_from_db()
    assert world.interaction.subject != "Przeniesione"


def test_a_restricted_person_is_not_offered_but_one_named_already_stays(
    team_member: Any, world: World
) -> None:
    restricted = PersonFactory(first_name="Zofia", last_name="Ograniczona", restricted=True)
    Affiliation.objects.create(person=restricted, organisation=world.organisation)
    html = (
        client_for(team_member)
        .get(reverse("interactions:interaction_edit", args=[world.interaction.pk]))
        .content.decode()
    )
    assert "Łukaszuk" in html
    assert "Ograniczona" not in html


def test_team_members_may_not_delete_a_contact(team_member: Any, world: World) -> None:
    url = reverse("interactions:interaction_delete", args=[world.interaction.pk])
    assert client_for(team_member).get(url).status_code == 403
    assert client_for(team_member).post(url).status_code == 403
    assert Interaction.objects.filter(pk=world.interaction.pk).exists()
    page = client_for(team_member).get(page_of(world)).content.decode()
    assert url not in page


def test_a_manager_deletes_a_contact_after_a_confirmation_and_its_tasks_stay(
    manager: Any, world: World
) -> None:
    world.follow_up.interaction = world.interaction
    world.follow_up.save()
    url = reverse("interactions:interaction_delete", args=[world.interaction.pk])
    assert url in client_for(manager).get(page_of(world)).content.decode()
    confirmation = client_for(manager).get(url).content.decode()
    assert "zadania</a>: 1" in confirmation  # the task stays, and the page says so
    response = client_for(manager).post(url)
    assert response.status_code == 302
    assert not Interaction.objects.filter(pk=world.interaction.pk).exists()
    assert FollowUp.objects.get(pk=world.follow_up.pk).interaction is None
    assert ActionLog.objects.filter(verb="interactions.interaction.deleted").exists()


def test_a_contact_a_partnership_came_out_of_is_not_deleted_and_the_page_says_which(
    manager: Any, world: World
) -> None:
    Partnership.objects.filter(pk=world.partnership.pk).update(origin_interaction=world.interaction)
    url = reverse("interactions:interaction_delete", args=[world.interaction.pk])
    page = client_for(manager).get(url).content.decode()
    assert 'data-testid="delete-blocked"' in page
    assert reverse("networks:partnership_detail", args=[world.partnership.pk]) in page
    assert client_for(manager).post(url).status_code == 409
    assert Interaction.objects.filter(pk=world.interaction.pk).exists()
