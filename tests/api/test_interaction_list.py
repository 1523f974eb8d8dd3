"""The contact log's API list: each row's organisations, people, staff, topics and tags, in the
order and reach they always had, and the same number of queries for 3 rows as for 12."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Person
from crm.models import User
from crm.tags.models import Tag, tag_key
from interactions.models import Interaction, Topic
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

_n = itertools.count()


def _contact(staff: list[User]) -> Interaction:
    """A contact with two of each link, each pair made in the reverse of the order shown."""
    n = next(_n)
    interaction = Interaction.objects.create(
        kind="meeting",
        occurred_at=timezone.now() - datetime.timedelta(hours=n),
        subject=f"Spotkanie {n}",
    )
    interaction.organisations.add(
        OrganisationFactory(name=f"Żubr {n}"), OrganisationFactory(name=f"Bóbr {n}")
    )
    interaction.people.add(
        Person.objects.create(last_name=f"Zając {n}"),
        Person.objects.create(last_name=f"Adamska {n}"),
        # Kept from everyone but managers and administrators: never in a team member's list.
        Person.objects.create(last_name=f"Ukryta {n}", restricted=True),
    )
    interaction.staff.add(*staff)
    interaction.topics.add(*Topic.objects.order_by("-position")[:2])
    for name in (f"zielony {n}", f"czerwony {n}"):
        interaction.tags.add(Tag.objects.create(name=name, key=tag_key(name)))
    return interaction


def _shown(interaction: Interaction) -> dict[str, Any]:
    """What the list has always shown of a contact's links (each model's own order)."""
    return {
        "organisations": [o.pk for o in interaction.organisations.order_by("name", "id")],
        "people": [
            p.pk
            for p in interaction.people.filter(restricted=False).order_by(
                "last_name", "first_name", "id"
            )
        ],
        "staff": sorted(user.pk for user in interaction.staff.all()),
        "topics": [t.slug for t in interaction.topics.order_by("position", "slug")],
        "tags": [t.name for t in interaction.tags.order_by("name", "id")],
    }


def _list(client: Any) -> tuple[int, list[dict[str, Any]]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/interactions/?page_size=100")
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()["results"]


def test_each_row_shows_its_links_in_their_order_in_as_few_queries_for_many_rows(
    api: Any, team_member: User, manager: User
) -> None:
    client = api(team_member)
    staff = [manager, team_member]
    contacts = [_contact(staff) for _ in range(3)]
    client.get("/api/v1/interactions/")  # the first request of a process builds what it keeps
    few, rows = _list(client)
    contacts += [_contact(staff) for _ in range(9)]
    many, rows = _list(client)

    assert [row["id"] for row in rows] == [c.pk for c in contacts]
    for row, contact in zip(rows, contacts, strict=True):
        assert {key: row[key] for key in _shown(contact)} == _shown(contact)
        assert client.get(f"/api/v1/interactions/{contact.pk}/").json() == row
    assert many == few


def test_links_written_by_patch_are_what_the_answer_and_the_list_show(
    api: Any, team_member: User, manager: User
) -> None:
    client = api(team_member)
    contact = _contact([team_member])
    first, second = OrganisationFactory(name="Wilk"), OrganisationFactory(name="Ryś")
    person = Person.objects.create(last_name="Nowak")
    topic = Topic.objects.order_by("position").first()
    assert topic is not None
    payload = {
        "organisations": [first.pk, second.pk],
        "people": [person.pk],
        "staff": [manager.pk],
        "topics": [topic.slug],
    }

    response = client.patch(f"/api/v1/interactions/{contact.pk}/", payload, format="json")

    assert response.status_code == 200, response.content
    shown = {key: response.json()[key] for key in payload}
    assert shown == {**payload, "organisations": [second.pk, first.pk]}  # by name
    _, rows = _list(client)
    assert {key: rows[0][key] for key in payload} == shown
