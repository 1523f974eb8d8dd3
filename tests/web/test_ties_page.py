"""Ties on the organisation pages: each side reads the tie in its own words; a tie is
recorded from either side."""

from __future__ import annotations

import pytest
from django.test import Client

from contacts.models import OrganisationLink
from crm.models import User
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_both_pages_show_the_tie_in_their_own_words(client: Client, viewer: User) -> None:
    association = OrganisationFactory(name="Stowarzyszenie „Razem”", kind="association")
    zaz = OrganisationFactory(name="ZAZ „Razem”", kind="zaz", operator=association)
    owes = OrganisationFactory(name="OWES Bielsk", kind="owes")
    OrganisationLink.objects.create(organisation=association, kind="owes_support", other=owes)
    client.force_login(viewer)

    page = client.get(f"/organizacje/{association.pk}/").content.decode()
    assert "Powiązania z innymi organizacjami" in page
    assert "Prowadzi" in page and "ZAZ „Razem”" in page
    assert "Wspierany przez OWES" in page and "OWES Bielsk" in page
    assert "Prowadzony przez" in client.get(f"/organizacje/{zaz.pk}/").content.decode()
    assert "Wspiera jako OWES" in client.get(f"/organizacje/{owes.pk}/").content.decode()


def test_an_owes_records_the_pes_it_supports_from_its_own_page(
    client: Client, team_member: User
) -> None:
    owes = OrganisationFactory(name="OWES Łomża", kind="owes")
    pes = OrganisationFactory(name="Spółdzielnia Socjalna „Narew”")
    client.force_login(team_member)
    response = client.post(
        f"/organizacje/{owes.pk}/powiazanie/",
        {
            "tie": "owes_support:1",
            "other": "narew",
            "started_on": "2024-04-01",
            "note": "doradztwo",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    link = OrganisationLink.objects.get()
    assert (link.organisation, link.kind, link.other) == (pes, "owes_support", owes)

    refused = client.post(
        f"/organizacje/{owes.pk}/powiazanie/",
        {"tie": "owes_support:0", "other": "narew", "started_on": "", "note": ""},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors  # an OWES supported by a cooperative: refused
