"""Tags written over the API: put on and taken off each kind of tagged record, by name in any
spelling, with the page's rules (who may change the record) and its action log."""

from __future__ import annotations

from typing import Any

import pytest

from crm.audit.models import ActionLog
from crm.models import Tag
from tests.api.world import build_world
from tests.contacts.factories import PersonFactory

pytestmark = pytest.mark.django_db

KINDS = [
    ("organisations", "organisation"),
    ("people", "person"),
    ("interactions", "interaction"),
    ("events", "event"),
    ("partnerships", "partnership"),
]


def test_a_tag_goes_on_every_kind_of_record_once_in_any_spelling(
    api: Any, team_member: Any
) -> None:
    world = build_world(assignee=team_member)
    client = api(team_member)
    for prefix, attribute in KINDS:
        record = getattr(world.a, attribute)
        first = client.post(f"/api/v1/{prefix}/{record.pk}/tags/", {"name": " Zakup  Prospołeczny"})
        again = client.post(f"/api/v1/{prefix}/{record.pk}/tags/", {"name": "#zakup prospoleczny"})
        shown = client.get(f"/api/v1/{prefix}/{record.pk}/").json()

        assert first.status_code == 201, (prefix, first.content)
        assert first.json() == {"tags": ["Zakup Prospołeczny"]}
        assert again.status_code == 200 and again.json() == {"tags": ["Zakup Prospołeczny"]}
        assert shown["tags"] == ["Zakup Prospołeczny"], prefix
    assert Tag.objects.count() == 1
    added = ActionLog.objects.filter(verb="crm.tag.added")
    assert added.count() == len(KINDS)
    # A person is logged by kind and id, never by name.
    person_entry = added.get(object_id=str(world.a.person.pk), object_repr__startswith="osoba")
    assert person_entry.object_repr == f"osoba #{world.a.person.pk}"


def test_a_tag_is_taken_off_by_name_and_a_missing_one_is_a_404(api: Any, team_member: Any) -> None:
    world = build_world(assignee=team_member)
    client = api(team_member)
    url = f"/api/v1/events/{world.a.event.pk}/tags/"
    client.post(url, {"name": "Targi"})
    client.post(url, {"name": "Dobra praktyka"})

    removed = client.post(url + "remove/", {"name": "TARGI"})
    missing = client.post(url + "remove/", {"name": "targi"})

    assert removed.status_code == 200 and removed.json() == {"tags": ["Dobra praktyka"]}
    assert missing.status_code == 404
    assert missing.json()["message"] == "Rekord nie ma tego tagu."
    assert Tag.objects.filter(name="Targi").exists()  # the tag itself stays for other records
    entry = ActionLog.objects.get(verb="crm.tag.removed")
    assert entry.object_id == str(world.a.event.pk) and entry.details["name"] == "Targi"


def test_a_bad_name_is_a_400_on_the_name(api: Any, team_member: Any) -> None:
    world = build_world(assignee=team_member)
    url = f"/api/v1/organisations/{world.a.organisation.pk}/tags/"
    for name in ("###", "x" * 51):
        response = api(team_member).post(url, {"name": name})
        assert response.status_code == 400, name
        assert list(response.json()["errors"]) == ["name"]
    assert list(world.a.organisation.tags.all()) == []


def test_who_may_tag_is_who_may_change_the_record(
    api: Any, viewer: Any, owes_partner: Any, team_member: Any
) -> None:
    world = build_world(assignee=team_member)
    own = f"/api/v1/organisations/{world.a.organisation.pk}/tags/"
    other = f"/api/v1/organisations/{world.b.organisation.pk}/tags/"

    assert api(viewer).post(own, {"name": "x"}).status_code == 403
    assert api(owes_partner).post(own, {"name": "partner"}).status_code == 201
    assert api(owes_partner).post(other, {"name": "partner"}).status_code == 403
    assert api(None).post(own, {"name": "x"}).status_code == 401
    assert list(world.b.organisation.tags.all()) == []


def test_a_restricted_person_is_not_found_for_a_team_member(
    api: Any, team_member: Any, manager: Any
) -> None:
    hidden = PersonFactory(first_name="Ewa", last_name="Ukryta", restricted=True)
    url = f"/api/v1/people/{hidden.pk}/tags/"

    assert api(team_member).post(url, {"name": "RKRES"}).status_code == 404
    assert api(manager).post(url, {"name": "RKRES"}).status_code == 201
    assert api(team_member).post(url + "remove/", {"name": "rkres"}).status_code == 404
    assert [t.name for t in hidden.tags.all()] == ["RKRES"]
