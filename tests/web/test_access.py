"""Who sees which page and which button; wrong URLs give clear 403 / 404 pages in Polish."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import World, client_for


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_sign_in_page(world: World) -> None:
    response = Client().get(reverse("contacts:organisation_detail", args=[world.organisation.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_sign_in_page_is_polish_with_labels_and_a_skip_link() -> None:
    html = Client().get(reverse("login")).content.decode()
    assert "Logowanie do Sieci" in html
    assert '<label for="id_username"' in html and '<label for="id_password"' in html
    assert 'class="skip-link" href="#content">Przejdź do treści' in html
    assert 'lang="pl"' in html


@pytest.mark.django_db
def test_a_missing_organisation_is_a_polish_404_page_not_a_traceback(manager: Any) -> None:
    response = client_for(manager).get(reverse("contacts:organisation_detail", args=[999999]))
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()
    assert "Wróć na pulpit" in response.content.decode()


@pytest.mark.django_db
def test_a_viewer_reads_organisations_but_gets_a_403_page_for_people_and_a_contact_page(
    viewer: Any, world: World
) -> None:
    client = client_for(viewer)
    detail = client.get(reverse("contacts:organisation_detail", args=[world.organisation.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Edytuj" not in html and "Dodaj kontakt" not in html and "Scal duplikat" not in html
    assert "Anna" not in html  # no personal data for viewers
    for url in (
        reverse("contacts:person_list"),
        reverse("contacts:person_detail", args=[world.person.pk]),
        reverse("interactions:interaction_create"),
        reverse("interactions:interaction_detail", args=[world.interaction.pk]),
        reverse("contacts:organisation_edit", args=[world.organisation.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
    forbidden = client.get(reverse("contacts:person_list"))
    assert forbidden.status_code == 403
    assert "Nie masz dostępu do tej strony" in forbidden.content.decode()


@pytest.mark.django_db
def test_the_navigation_hides_what_the_role_cannot_use(viewer: Any, manager: Any) -> None:
    viewer_nav = client_for(viewer).get(reverse("home")).content.decode()
    manager_nav = client_for(manager).get(reverse("home")).content.decode()
    assert ">Osoby<" not in viewer_nav and ">Import<" not in viewer_nav
    assert ">Osoby<" in manager_nav and ">Import<" in manager_nav
    assert manager_nav.index(">Pulpit<") < manager_nav.index(">Organizacje<")


@pytest.mark.django_db
def test_an_owes_partner_edits_only_organisations_of_their_subregion(
    owes_partner: Any, world: World
) -> None:
    client = client_for(owes_partner)
    own = client.get(reverse("contacts:organisation_detail", args=[world.organisation.pk]))
    other = client.get(reverse("contacts:organisation_detail", args=[world.other.pk]))
    assert "Edytuj" in own.content.decode()
    assert "Edytuj" not in other.content.decode()
    assert (
        client.get(reverse("contacts:organisation_edit", args=[world.other.pk])).status_code == 403
    )
    assert (
        client.get(reverse("contacts:organisation_merge", args=[world.other.pk])).status_code == 403
    )


@pytest.mark.django_db
def test_only_managers_see_everyones_tasks_and_every_role_the_growth_charts(
    team_member: Any, manager: Any, owes_partner: Any, viewer: Any, world: World
) -> None:
    for user in (team_member, manager, owes_partner, viewer):
        home = client_for(user).get(reverse("home")).content.decode()
        assert "Rozwój sieci" in home and 'role="img"' in home, user.role
        assert 'id="chart-networks-caption"' in home and "Podlaska Sieć PES" in home
    team_tasks = client_for(team_member).get(reverse("interactions:followup_list") + "?who=all")
    assert "Wszystkich" not in team_tasks.content.decode()
    manager_tasks = client_for(manager).get(reverse("interactions:followup_list") + "?who=all")
    assert world.follow_up.title in manager_tasks.content.decode()


@pytest.mark.django_db
def test_someone_elses_task_cannot_be_closed_by_a_team_member(
    world: World, django_user_model: Any
) -> None:
    other = django_user_model.objects.create_user(username="jan", password="x", role="team")
    response = client_for(other).post(
        reverse("interactions:followup_done", args=[world.follow_up.pk])
    )
    assert response.status_code == 403
    world.follow_up.refresh_from_db()
    assert world.follow_up.status == "open"


@pytest.mark.django_db
def test_a_viewer_cannot_anonymise_or_export_a_person(
    viewer: Any, team_member: Any, world: World
) -> None:
    assert (
        client_for(viewer)
        .get(reverse("contacts:person_export", args=[world.person.pk]))
        .status_code
        == 403
    )
    team = client_for(team_member)
    detail = team.get(reverse("contacts:person_detail", args=[world.person.pk])).content.decode()
    assert "Anonimizuj" not in detail  # anonymising is for managers and administrators
    assert team.get(reverse("contacts:person_anonymise", args=[world.person.pk])).status_code == 403


@pytest.mark.django_db
def test_switching_the_language_to_english_and_back(manager: Any) -> None:
    client = client_for(manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home")).content.decode()
    assert "<h1>Dashboard</h1>" in english and 'lang="en"' in english
    client.post(reverse("set_language"), {"language": "pl", "next": "/"})
    assert "<h1>Pulpit</h1>" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_forgotten_password_sends_a_polish_reset_link(manager: Any, mailoutbox: Any) -> None:
    manager.email = "maria@rops.example.pl"
    manager.save()
    page = Client().get(reverse("password_reset"))
    assert "Nie pamiętam hasła" in page.content.decode()
    Client().post(reverse("password_reset"), {"email": "maria@rops.example.pl"})
    assert len(mailoutbox) == 1
    assert "Sieć: ustaw nowe hasło" in mailoutbox[0].subject
    assert "/accounts/reset/" in mailoutbox[0].body


@pytest.mark.django_db
def test_the_managers_numbers_are_counted_once_then_read_from_the_cache(
    manager: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(manager)
    client.get(reverse("home"))
    with django_assert_max_num_queries(12):
        html = client.get(reverse("home")).content.decode()
    assert "Rozwój sieci" in html and "co 5 minut" in html


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_a_polish_explanation(manager: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(reverse("contacts:organisation_create"), {"name": "X"})
    assert response.status_code == 403
    assert "Formularz wygasł" in response.content.decode()
