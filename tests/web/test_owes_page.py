"""The OWES page shows its accreditations and records a new one; other kinds have no such
section."""

from __future__ import annotations

import pytest
from django.test import Client

from contacts.models import OwesAccreditation
from crm.models import Subregion, User
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_owes_records_its_accreditation_on_its_page(client: Client, team_member: User) -> None:
    owes = OrganisationFactory(name="OWES Łomża", kind="owes")
    client.force_login(team_member)
    page = client.get(f"/organizacje/{owes.pk}/").content.decode()
    assert "Akredytacja OWES" in page
    assert f"/organizacje/{owes.pk}/akredytacja/" in page

    lomzynski = Subregion.objects.get(slug="lomzynski")
    response = client.post(
        f"/organizacje/{owes.pk}/akredytacja/",
        {
            "decision_number": "DES-II.8040.7.2022",
            "decision_date": "2022-12-05",
            "valid_from": "2023-01-01",
            "valid_to": "2027-12-31",
            "subregions": [lomzynski.pk],
            "notes": "",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/organizacje/{owes.pk}/").content.decode()
    assert "DES-II.8040.7.2022" in page
    assert "01.01.2023 – 31.12.2027" in page
    assert lomzynski.name in page


def test_a_clash_is_shown_next_to_the_subregions(client: Client, team_member: User) -> None:
    other = OrganisationFactory(name="OWES Inny", kind="owes")
    bielski = Subregion.objects.get(slug="bielski")
    OwesAccreditation.objects.create(organisation=other).subregions.set([bielski])
    owes = OrganisationFactory(name="OWES Bielsk", kind="owes")
    client.force_login(team_member)
    response = client.post(
        f"/organizacje/{owes.pk}/akredytacja/",
        {
            "valid_from": "2024-01-01",
            "subregions": [bielski.pk],
            "decision_number": "",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "OWES Inny" in response.context["form"].errors["subregions"][0]


def test_other_kinds_have_no_accreditation(client: Client, team_member: User) -> None:
    association = OrganisationFactory(kind="association")
    client.force_login(team_member)
    assert "Akredytacja OWES" not in client.get(f"/organizacje/{association.pk}/").content.decode()
    assert client.get(f"/organizacje/{association.pk}/akredytacja/").status_code == 404
