"""Forms speak Polish next to the field, keep what was typed, and write through the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Organisation
from crm.audit.models import ActionLog
from interactions.models import FollowUp, Interaction
from tests.contacts.factories import valid_nip
from tests.web.conftest import World, client_for


def organisation_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Fundacja Podlaskie Inicjatywy",
        "kind": "foundation",
        "nip": "",
        "regon": "",
        "krs": "",
        "kgw_number": "",
        "phones_text": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_wrong_nip_checksum_is_reported_in_polish_next_to_the_nip_field(manager: Any) -> None:
    response = client_for(manager).post(
        reverse("contacts:organisation_create"),
        organisation_data(nip="972-007-89-87", town="Hajnówka"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index('id="field-nip"') :]
    field = field[: field.index("</div>")]
    assert "Błędna suma kontrolna NIP" in field
    assert 'value="972-007-89-87"' in field  # nothing typed is lost
    assert 'value="Hajnówka"' in html
    assert "Popraw zaznaczone błędy." in html
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_a_nip_already_in_the_database_names_the_organisation_that_has_it(
    manager: Any, world: World
) -> None:
    response = client_for(manager).post(
        reverse("contacts:organisation_create"), organisation_data(nip=world.organisation.nip)
    )
    assert "Organizacja z tym numerem NIP jest już w bazie" in response.content.decode()
    assert "Żubrowe Smaki" in response.content.decode()


@pytest.mark.django_db
def test_creating_an_organisation_normalises_identifiers_and_writes_the_action_log(
    manager: Any,
) -> None:
    nip = valid_nip(77)
    response = client_for(manager).post(
        reverse("contacts:organisation_create"),
        organisation_data(
            nip=f"PL {nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
            phones_text="85 682 11 22; 502 300 400",
        ),
    )
    organisation = Organisation.objects.get()
    assert response["Location"] == reverse("contacts:organisation_detail", args=[organisation.pk])
    assert organisation.nip == nip
    assert organisation.phones == ["+48856821122", "+48502300400"]
    assert ActionLog.objects.filter(verb="contacts.organisation.created").count() == 1
    page = client_for(manager).get(response["Location"]).content.decode()
    assert f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}" in page
    assert "+48 85 682 11 22" in page


@pytest.mark.django_db
def test_editing_an_organisation_changes_only_what_changed(manager: Any, world: World) -> None:
    client = client_for(manager)
    url = reverse("contacts:organisation_edit", args=[world.organisation.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "gmina"}
    data.update(
        gmina=world.organisation.gmina_id, kind=world.organisation.kind, street="ul. Lipowa 5"
    )
    data = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302
    world.organisation.refresh_from_db()
    assert world.organisation.street == "ul. Lipowa 5"
    entry = ActionLog.objects.get(verb="contacts.organisation.updated")
    assert entry.details == {"fields": ["street"]}


@pytest.mark.django_db
def test_logging_a_contact_with_a_next_step_creates_the_task_for_me(
    team_member: Any, world: World
) -> None:
    client = client_for(team_member)
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        reverse("interactions:interaction_create") + f"?organisation={world.organisation.pk}",
        {
            "kind": "consultation",
            "organisation": f"{world.organisation.name} #{world.organisation.pk}",
            "occurred_on": timezone.localdate().isoformat(),
            "subject": "Doradztwo biznesowe",
            "people": [world.person.pk],
            "next_step": "Przesłać wzór umowy",
            "next_step_due": due.isoformat(),
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get(subject="Doradztwo biznesowe")
    assert list(interaction.people.all()) == [world.person]
    follow_up = FollowUp.objects.get(title="Przesłać wzór umowy")
    assert follow_up.assignee == team_member and follow_up.due_on == due
    assert follow_up.interaction == interaction


@pytest.mark.django_db
def test_the_organisation_field_accepts_a_name_typed_without_polish_letters(
    team_member: Any, world: World
) -> None:
    response = client_for(team_member).post(
        reverse("interactions:interaction_create"),
        {
            "kind": "phone",
            "organisation": "zubrowe smaki",
            "occurred_on": timezone.localdate().isoformat(),
            "subject": "Telefon",
        },
    )
    assert response.status_code == 302
    assert Interaction.objects.get(subject="Telefon").organisations.get() == world.organisation


@pytest.mark.django_db
def test_a_next_step_without_a_date_asks_for_the_date(team_member: Any, world: World) -> None:
    response = client_for(team_member).post(
        reverse("interactions:interaction_create"),
        {
            "kind": "phone",
            "organisation": world.organisation.name,
            "occurred_on": timezone.localdate().isoformat(),
            "subject": "Telefon",
            "next_step": "Oddzwonić",
        },
    )
    assert "Podaj termin następnego kroku." in response.content.decode()
    assert not Interaction.objects.filter(subject="Telefon").exists()


@pytest.mark.django_db
def test_done_and_postpone_buttons_move_my_task(team_member: Any, world: World) -> None:
    client = client_for(team_member)
    home = client.get(reverse("home")).content.decode()
    assert "Zaległe" in home and 'class="overdue"' in home
    client.post(
        reverse("interactions:followup_postpone", args=[world.follow_up.pk]),
        {"days": "7", "next": "/"},
    )
    world.follow_up.refresh_from_db()
    assert world.follow_up.due_on == timezone.localdate() + datetime.timedelta(days=7)
    client.post(reverse("interactions:followup_done", args=[world.follow_up.pk]), {"next": "/"})
    world.follow_up.refresh_from_db()
    assert world.follow_up.status == "done"


@pytest.mark.django_db
def test_marking_many_participants_as_attended_at_once(team_member: Any, world: World) -> None:
    from interactions.models import Participation
    from tests.contacts.factories import OrganisationFactory

    second = Participation.objects.create(event=world.event, organisation=OrganisationFactory())
    client_for(team_member).post(
        reverse("interactions:event_mark_attended", args=[world.event.pk]),
        {"participation": [world.participation.pk, second.pk]},
    )
    statuses = set(Participation.objects.filter(event=world.event).values_list("status", flat=True))
    assert statuses == {"attended"}
    sheet = client_for(team_member).get(
        reverse("interactions:event_attendance_print", args=[world.event.pk])
    )
    assert "Lista obecności" in sheet.content.decode() and "Podpis" in sheet.content.decode()


@pytest.mark.django_db
def test_ending_a_membership_from_the_network_page(manager: Any, world: World) -> None:
    client = client_for(manager)
    response = client.post(
        reverse("networks:membership_end", args=[world.membership.pk]),
        {"left_on": timezone.localdate().isoformat(), "reason": "likwidacja"},
    )
    assert response.status_code == 302
    world.membership.refresh_from_db()
    assert world.membership.left_on == timezone.localdate()
    page = client.get(reverse("networks:network_detail", args=[world.network.pk])).content.decode()
    assert "Sieć nie ma dziś członków." in page and "likwidacja" in page


@pytest.mark.django_db
def test_export_to_excel_holds_what_the_filtered_list_shows(manager: Any, world: World) -> None:
    import io

    from openpyxl import load_workbook

    response = client_for(manager).get(reverse("contacts:organisation_export") + "?search=zubrowe")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and world.organisation.name in rows[0]
    assert ActionLog.objects.filter(verb__endswith=".exported").exists()


@pytest.mark.django_db
def test_a_viewer_exports_organisations_but_not_people(viewer: Any) -> None:
    html = client_for(viewer).get(reverse("contacts:organisation_list")).content.decode()
    assert "Eksportuj do Excela" in html
    assert client_for(viewer).get(reverse("contacts:organisation_export")).status_code == 200
    assert client_for(viewer).get(reverse("contacts:person_list_export")).status_code == 403


@pytest.mark.django_db
def test_adding_a_person_on_the_organisation_page_records_the_role(
    team_member: Any, world: World
) -> None:
    from contacts.models import Affiliation, Person

    client = client_for(team_member)
    url = reverse("contacts:person_add", args=[world.organisation.pk])
    response = client.post(
        url,
        {
            "first_name": "Jan",
            "last_name": "Kowalczyk",
            "email": "JAN@example.pl",
            "phone": "502 300 400",
            "legal_basis": "public_task",
            "source": "spotkanie",
            "role": "wiceprezes",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Kowalczyk")
    assert person.email == "jan@example.pl" and person.phone == "+48502300400"
    assert Affiliation.objects.get(person=person).organisation == world.organisation
    page = client.get(reverse("contacts:organisation_detail", args=[world.organisation.pk]))
    assert "Jan Kowalczyk" in page.content.decode() and "wiceprezes" in page.content.decode()


@pytest.mark.django_db
def test_an_owes_partner_cannot_add_people_to_another_subregions_organisation(
    owes_partner: Any, world: World
) -> None:
    response = client_for(owes_partner).get(reverse("contacts:person_add", args=[world.other.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_adding_an_event_with_its_gmina(team_member: Any) -> None:
    from crm.models import Gmina
    from interactions.models import Event

    gmina = Gmina.objects.get(code="2005011")
    response = client_for(team_member).post(
        reverse("interactions:event_create"),
        {
            "kind": "study_visit",
            "title": "Wizyta studyjna w Hajnówce",
            "starts_on": "2026-12-03",
            "gmina": gmina.pk,
        },
    )
    event = Event.objects.get(title="Wizyta studyjna w Hajnówce")
    assert response["Location"] == reverse("interactions:event_detail", args=[event.pk])
    assert event.gmina == gmina
