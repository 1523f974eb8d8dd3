"""Viewers see everything but personal data: the start page's numbers and charts, and the
contact log without the people a contact was with, its notes or its outcome (issue 14)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.interactions.factories import InteractionFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def talked(world: World) -> Any:
    """A contact with a person, notes and an outcome: what a viewer must not read."""
    contact = InteractionFactory(
        subject="Doradztwo w sprawie klauzul społecznych",
        notes="Pani prezes prosi o oddzwonienie na prywatny numer",
        outcome="Umówiona wizyta u p. Łukaszuk",
    )
    contact.organisations.add(world.organisation)
    contact.people.add(world.person)
    return contact


def _stat(html: str, label: str) -> str:
    found = re.search(r'<span class="value">([^<]+)</span><span class="label">' + label, html)
    assert found, label
    return found.group(1)


def test_a_viewer_sees_the_numbers_the_charts_and_the_teams_recent_contacts(
    viewer: Any, manager: Any, world: World, talked: Any
) -> None:
    html = client_for(viewer).get(reverse("home")).content.decode()
    manager_html = client_for(manager).get(reverse("home")).content.decode()

    # The same numbers as a manager's, contacts included (two logged this year).
    for label in ("PES", "sieci", "kontakty w tym roku"):
        assert _stat(html, label) == _stat(manager_html, label)
    assert _stat(html, "kontakty w tym roku") == "2"
    assert _stat(html, "organizacje w sieciach") == "1"
    assert "Rozwój sieci" in html and 'role="img"' in html
    # The team's recent contacts, with their organisations, but nobody's name or notes.
    assert "Ostatnie kontakty zespołu" in html
    assert talked.subject in html and world.organisation.name.replace("„", "") in html.replace(
        "„", ""
    ).replace("&bdquo;", "")
    assert "Łukaszuk" not in html and "oddzwonienie" not in html
    assert reverse("interactions:interaction_detail", args=[talked.pk]) not in html
    # Nothing a viewer cannot do: no tasks, no "log a contact".
    assert "Moje zadania" not in html and "Dodaj kontakt" not in html
    assert ">Kontakty<" in html and ">Osoby<" not in html


def test_a_viewer_reads_the_contact_log_without_people_notes_or_outcome(
    viewer: Any, world: World, talked: Any
) -> None:
    client = client_for(viewer)
    response = client.get(reverse("interactions:interaction_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert talked.subject in html and world.interaction.subject in html
    assert "2 kontakty" in html
    assert "Łukaszuk" not in html and "Anna" not in html
    assert "oddzwonienie" not in html and "Umówiona" not in html
    assert "bez danych osobowych" in html
    # No way to the contact's own page (it names people), nor "only mine".
    assert reverse("interactions:interaction_detail", args=[talked.pk]) not in html
    assert "Pokaż tylko moje" not in html
    assert (
        client.get(reverse("interactions:interaction_detail", args=[talked.pk])).status_code == 403
    )
    # Filtering by a person would tell whom the contacts were with: it is ignored.
    by_person = client.get(
        reverse("interactions:interaction_list") + f"?person={world.person.pk}"
    ).content.decode()
    assert "2 kontakty" in by_person
    # The other filters work as for everyone.
    searched = client.get(reverse("interactions:interaction_list") + "?search=klauzul")
    assert "1 kontakt" in searched.content.decode()


def test_the_team_still_sees_the_whole_contact(team_member: Any, world: World, talked: Any) -> None:
    client = client_for(team_member)
    html = client.get(reverse("interactions:interaction_list")).content.decode()
    assert reverse("interactions:interaction_detail", args=[talked.pk]) in html
    assert "Pokaż tylko moje" in html
    filtered = client.get(
        reverse("interactions:interaction_list") + f"?person={world.person.pk}"
    ).content.decode()
    assert "1 kontakt" in filtered
    page = client.get(reverse("interactions:interaction_detail", args=[talked.pk]))
    assert "Łukaszuk" in page.content.decode() and "oddzwonienie" in page.content.decode()


@pytest.mark.parametrize("page", ["home", "interactions:interaction_list"])
def test_a_viewers_start_page_and_log_run_as_many_queries_for_3_as_for_30_contacts(
    viewer: Any, manager: Any, page: str
) -> None:
    from tests.contacts.factories import OrganisationFactory
    from tests.interactions.factories import EventFactory
    from tests.networks.factories import NetworkFactory
    from tests.web.test_query_counts import count, grow

    network, event = NetworkFactory(), EventFactory()
    hub = OrganisationFactory(name="Ośrodek Wsparcia Ekonomii Społecznej")
    client = client_for(viewer)
    grow(3, manager, network, event, hub)
    client.get(reverse(page))  # warm the session and the content-type cache
    small = count(client, reverse(page))
    grow(27, manager, network, event, hub)
    assert count(client, reverse(page)) == small
