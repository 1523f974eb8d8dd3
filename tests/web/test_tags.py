"""Tags: added on a record's page with the spelling of the first use, found with ?tag= on every
list and in the API, shown as chips, managed by managers; a tag on a person stays with the
person (who does not see the person does not see it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from contacts.models import Organisation, Person
from crm.audit.models import ActionLog
from crm.models import Gmina, Tag
from crm.tags import services
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _tag(user: Any, record: Any, name: str) -> Any:
    label = record._meta.label_lower
    url = reverse("tags:record_tags", args=[label, record.pk])
    return client_for(user).post(url, {"name": name, "next": "/"})


def _tag_all(user: Any, world: World, name: str) -> None:
    for record in (
        world.organisation,
        world.person,
        world.interaction,
        world.event,
        world.partnership,
    ):
        assert _tag(user, record, name).status_code == 302


def test_a_tag_added_on_the_page_is_one_tag_in_any_spelling(team_member: Any, world: World) -> None:
    _tag(team_member, world.organisation, "  Zakup  Prospołeczny ")
    _tag(team_member, world.other, "zakup prospoleczny")
    _tag(team_member, world.other, "#ZAKUP PROSPOŁECZNY")

    assert list(Tag.objects.values_list("name", flat=True)) == ["Zakup Prospołeczny"]
    assert list(world.other.tags.values_list("name", flat=True)) == ["Zakup Prospołeczny"]
    page = client_for(team_member).get(
        reverse("contacts:organisation_detail", args=[world.organisation.pk])
    )
    assert 'class="chip tag"' in page.content.decode()
    assert "Zakup Prospołeczny" in page.content.decode()


def test_every_list_and_its_api_find_records_by_tag(team_member: Any, world: World) -> None:
    _tag_all(team_member, world, "dobra praktyka")
    untagged = OrganisationFactory(name="Fundacja Bez Tagu")
    client = client_for(team_member)
    pages = {
        "contacts:organisation_list": world.organisation.name,
        "contacts:person_list": "Łukaszuk",
        "interactions:interaction_list": world.interaction.subject,
        "interactions:event_list": world.event.title,
        "networks:partnership_list": world.partnership.title,
    }
    for name, shown in pages.items():
        page = client.get(reverse(name), {"tag": "Dobra Praktyka"}).content.decode()
        assert shown in page, name
        assert "badge-tag" in page, name
        nothing = client.get(reverse(name), {"tag": "nieznany tag"}).content.decode()
        assert shown not in nothing, name
    assert (
        untagged.name
        not in client.get(
            reverse(pages_key := "contacts:organisation_list"), {"tag": "dobra praktyka"}
        ).content.decode()
    ), pages_key
    for endpoint in ("organisations", "people", "interactions", "events", "partnerships"):
        body = client.get(f"/api/v1/{endpoint}/", {"tag": "DOBRA praktyka"}).json()
        assert body["count"] == 1, endpoint
        assert body["results"][0]["tags"] == ["dobra praktyka"], endpoint
        assert client.get(f"/api/v1/{endpoint}/", {"tag": "inny"}).json()["count"] == 0


def test_the_organisation_list_shows_the_tag_filter_as_a_removable_chip(
    team_member: Any, world: World
) -> None:
    _tag(team_member, world.organisation, "dobra praktyka")
    page = client_for(team_member).get(
        reverse("contacts:organisation_list"), {"tag": "dobra praktyka", "subregion": "bielski"}
    )
    chips = [c for c in page.context["chips"] if c["value"] == "dobra praktyka"]
    assert len(chips) == 1
    assert "tag=" not in chips[0]["remove_url"]


def test_a_tag_on_a_restricted_person_is_seen_only_by_those_who_see_the_person(
    manager: Any, team_member: Any, world: World
) -> None:
    hidden = PersonFactory(first_name="Ewa", last_name="Ukryta", restricted=True)
    services.tags_add(
        actor=manager,
        model=Person,
        ids=[hidden.pk, world.person.pk],
        tag=services.tag_get_or_create(actor=manager, name="RKRES"),
    )
    team_api = client_for(team_member).get("/api/v1/people/", {"tag": "rkres"}).json()
    assert [p["id"] for p in team_api["results"]] == [world.person.pk]
    manager_api = client_for(manager).get("/api/v1/people/", {"tag": "rkres"}).json()
    assert {p["id"] for p in manager_api["results"]} == {hidden.pk, world.person.pk}
    assert _tag(team_member, hidden, "inny").status_code == 404
    # The log names the person by kind and id, never by name.
    entries = ActionLog.objects.filter(verb="crm.tag.added", object_id=str(hidden.pk))
    assert [e.object_repr for e in entries] == [f"osoba #{hidden.pk}"]


def test_who_may_tag_follows_who_may_change_the_record(
    owes_partner: Any, viewer: Any, world: World
) -> None:
    assert _tag(viewer, world.organisation, "x").status_code == 403
    # The partner works in bielski: the organisation in Hajnówka yes, the one in suwalski not.
    assert _tag(owes_partner, world.organisation, "partner").status_code == 302
    assert _tag(owes_partner, world.other, "partner").status_code == 403
    assert list(world.other.tags.all()) == []
    assert [t.name for t in world.organisation.tags.all()] == ["partner"]


def test_a_tag_is_taken_off_a_record_and_the_page_refuses_a_bad_name(
    team_member: Any, world: World
) -> None:
    _tag(team_member, world.event, "targi")
    tag = Tag.objects.get()
    url = reverse("tags:record_tags", args=["interactions.event", world.event.pk])
    client_for(team_member).post(url, {"remove": tag.pk, "next": "/"})
    assert list(world.event.tags.all()) == []
    assert ActionLog.objects.filter(verb="crm.tag.removed", object_id=str(world.event.pk)).exists()
    response = client_for(team_member).post(url, {"name": "x" * 51, "next": "/"}, follow=True)
    assert "najwyżej 50 znaków" in response.content.decode()
    response = client_for(team_member).post(url, {"name": " # ", "next": "/"}, follow=True)
    assert "Podaj nazwę tagu" in response.content.decode()
    assert Tag.objects.count() == 1


def test_managers_rename_merge_and_delete_tags(manager: Any, team_member: Any) -> None:
    first, second, third = (
        OrganisationFactory(name=n) for n in ("Fundacja A", "Fundacja B", "Fundacja C")
    )
    prospoleczny = services.tag_get_or_create(actor=manager, name="prospołeczny")
    zakup = services.tag_get_or_create(actor=manager, name="Zakup Prospołeczny")
    services.tags_add(
        actor=manager, model=Organisation, ids=[first.pk, second.pk], tag=prospoleczny
    )
    services.tags_add(actor=manager, model=Organisation, ids=[second.pk, third.pk], tag=zakup)
    client = client_for(manager)
    page = client.get(reverse("tags:tag_list")).content.decode()
    assert "prospołeczny" in page and "Zakup Prospołeczny" in page

    taken = client.post(
        reverse("tags:tag_rename", args=[prospoleczny.pk]),
        {"name": "zakup prospoleczny"},
        follow=True,
    )
    assert "scal" in taken.content.decode().lower()
    client.post(reverse("tags:tag_rename", args=[prospoleczny.pk]), {"name": "Klauzule społeczne"})
    prospoleczny.refresh_from_db()
    assert prospoleczny.name == "Klauzule społeczne"

    client.post(reverse("tags:tag_merge", args=[prospoleczny.pk]), {"into": zakup.pk})
    assert not Tag.objects.filter(pk=prospoleczny.pk).exists()
    # The one that had both keeps the tag once.
    assert sorted(Organisation.objects.filter(tags=zakup).values_list("name", flat=True)) == [
        "Fundacja A",
        "Fundacja B",
        "Fundacja C",
    ]
    client.post(reverse("tags:tag_delete", args=[zakup.pk]))
    assert Tag.objects.count() == 0
    assert list(first.tags.all()) == []
    verbs = set(
        ActionLog.objects.filter(verb__startswith="crm.tag.").values_list("verb", flat=True)
    )
    assert {"crm.tag.renamed", "crm.tag.merged", "crm.tag.deleted"} <= verbs

    assert client_for(team_member).get(reverse("tags:tag_list")).status_code == 403
    other = services.tag_get_or_create(actor=manager, name="inny")
    assert (
        client_for(team_member).post(reverse("tags:tag_delete", args=[other.pk])).status_code == 403
    )
    assert Tag.objects.filter(pk=other.pk).exists()


def test_the_tag_page_counts_only_what_the_manager_sees_per_kind(manager: Any) -> None:
    gmina = Gmina.objects.get(code="2005011")
    organisations = [OrganisationFactory(gmina=gmina) for _ in range(3)]
    tag = services.tag_get_or_create(actor=manager, name="dobra praktyka")
    services.tags_add(actor=manager, model=Organisation, ids=[o.pk for o in organisations], tag=tag)
    uses = client_for(manager).get(reverse("tags:tag_list")).context["uses"]
    assert [(str(info.verbose_name_plural), n) for info, n in uses[0].counts] == [
        ("organizacje", 3)
    ]
