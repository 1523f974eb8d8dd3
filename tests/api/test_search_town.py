"""``?search=`` by town ignores case and Polish letters, as the name search does."""

from __future__ import annotations

import pytest

from contacts.models import Organisation
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_search_by_town_without_polish_letters_finds_the_town(api, manager):
    wanted = OrganisationFactory(name="Fundacja Rozwoju", town="Białystok")
    OrganisationFactory(name="Stowarzyszenie Razem", town="Łomża")
    response = api(manager).get("/api/v1/organisations/", {"search": "bialystok"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_search_by_town_in_capitals_with_diacritics_finds_it(api, manager):
    wanted = OrganisationFactory(name="Koło Gospodyń", town="Łomża")
    response = api(manager).get("/api/v1/organisations/", {"search": "ŁOMŻA"})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_changing_the_town_refolds_it_for_search():
    organisation = OrganisationFactory(name="Fundacja", town="Hajnówka")
    organisation.town = "Sokółka"
    organisation.save()
    assert Organisation.objects.get(pk=organisation.pk).search_town == "sokolka"


def test_imported_organisations_get_their_folded_town():
    from crm.top.imports.pipeline.orgcolumns import new_organisation

    row = new_organisation(
        {"name": "Fundacja", "kind": "foundation", "town": "Białystok"}, {}, None
    )
    assert row["search_town"] == "bialystok"
