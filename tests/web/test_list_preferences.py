"""How a list looks is each person's own and stays: columns, rows a page and the sort."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.models import Affiliation
from crm.audit.models import AccessLog
from crm.lists.models import ListPreference
from crm.lists.services import list_preference_set
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.web.conftest import World, client_for


def _list(client: Any, query: str = "") -> str:
    return client.get(reverse("contacts:organisation_list") + query).content.decode()


def _settings(client: Any, **fields: Any) -> Any:
    data = {"next": reverse("contacts:organisation_list"), "page_size": "25", **fields}
    return client.post(reverse("lists:list_settings", args=["organisations"]), data)


@pytest.mark.django_db
def test_a_hidden_column_stays_hidden_for_me_only(
    team_member: Any, manager: Any, world: World
) -> None:
    world.organisation.nip = "5430000000"
    world.organisation.save()
    mine = client_for(team_member)
    assert ">NIP</th>" in _list(mine) and "543-000-00-00" in _list(mine)
    shown = ["kind", "town", "subregion", "ps_status", "updated_at"]  # NIP left unticked
    response = _settings(mine, column=shown)
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:organisation_list")
    page = _list(mine)
    assert ">NIP</th>" not in page and "543-000-00-00" not in page
    assert world.organisation.name in page
    assert ">NIP</th>" in _list(client_for(manager))


@pytest.mark.django_db
def test_an_extra_column_can_be_shown(team_member: Any, world: World) -> None:
    world.organisation.regon = "200000001"
    world.organisation.save()
    client = client_for(team_member)
    assert "200000001" not in _list(client)
    _settings(client, column=["kind", "nip", "regon", "town"])
    assert ">REGON</th>" in _list(client) and "200000001" in _list(client)


@pytest.mark.django_db
def test_the_sort_i_clicked_is_kept_when_i_come_back(team_member: Any) -> None:
    for name in ("Apteka Społeczna", "Zielony Ogród", "Mleczarnia Spółdzielcza"):
        OrganisationFactory(name=name)
    client = client_for(team_member)
    clicked = _list(client, "?ordering=-name")
    later = _list(client)
    for page in (clicked, later):
        assert page.index("Zielony Ogród") < page.index("Mleczarnia") < page.index("Apteka")
    assert 'aria-sort="descending"' in later
    # The export gives the rows in the order on the screen.
    assert reverse("contacts:organisation_export") + "?ordering=-name" in later
    _settings(client, ordering="")  # back to the list's own order (by name)
    page = _list(client)
    assert page.index("Apteka") < page.index("Mleczarnia") < page.index("Zielony Ogród")


@pytest.mark.django_db
def test_rows_a_page_are_kept(team_member: Any) -> None:
    for n in range(12):
        OrganisationFactory(name=f"Koło Gospodyń Wiejskich nr {n:02}")
    client = client_for(team_member)
    assert "nr 11" in _list(client)
    _settings(client, page_size="10", column=["kind", "nip"])
    page = _list(client)
    assert "nr 09" in page and "nr 10" not in page
    assert "Strona 1 z 2" in page or "Page 1 of 2" in page


@pytest.mark.django_db
def test_a_viewer_never_sees_the_contact_person_whatever_the_preference(
    team_member: Any, viewer: Any, world: World
) -> None:
    person = PersonFactory(first_name="Halina", last_name="Wróblewska")
    Affiliation.objects.create(person=person, organisation=world.organisation, is_primary=True)
    team = client_for(team_member)
    _settings(team, column=["kind", "contact"])
    assert "Halina Wróblewska" in _list(team)
    assert AccessLog.objects.filter(user=team_member, person_id=person.pk).exists()
    # A preference made while the person still saw personal data (a role changed since).
    ListPreference.objects.create(user=viewer, list_key="organisations", columns={"contact": True})
    page = _list(client_for(viewer))
    assert world.organisation.name in page
    assert "Wróblewska" not in page
    assert 'value="contact"' not in page  # not even offered in the settings


@pytest.mark.django_db
def test_what_the_list_does_not_offer_is_refused(team_member: Any) -> None:
    for wrong in ({"page_size": 7}, {"ordering": "notes"}, {"shown_columns": ["pesel"]}):
        with pytest.raises(ValidationError):
            list_preference_set(actor=team_member, list_key="organisations", **wrong)
    with pytest.raises(ValidationError):
        list_preference_set(actor=team_member, list_key="no_such_list", page_size=10)
    assert not ListPreference.objects.exists()


@pytest.mark.django_db
def test_a_sort_the_list_no_longer_offers_does_not_undo_the_filters(team_member: Any) -> None:
    EventFactory(title="Targi Ekonomii Społecznej", kind="fair")
    EventFactory(title="Szkolenie z klauzul", kind="training")
    ListPreference.objects.create(user=team_member, list_key="events", ordering="-place")
    page = client_for(team_member).get(reverse("interactions:event_list") + "?kind=fair")
    html = page.content.decode()
    assert "Targi Ekonomii" in html and "Szkolenie z klauzul" not in html
