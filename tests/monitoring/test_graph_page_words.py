"""The graph page speaks Polish: subregion names, tooltips in words, organisations as links."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from contacts.models import OrganisationKind
from crm.models import Gmina
from networks.models import Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_graph_page_names_subregions_says_ties_in_words_and_links_organisations(
    manager: Any,
) -> None:
    hub = OrganisationFactory(
        name="Gmina Łomża",
        kind=OrganisationKind.GMINA,
        nip=None,
        gmina=Gmina.objects.filter(subregion__slug="lomzynski").first(),
    )
    pes = OrganisationFactory(
        name="Spółdzielnia Socjalna Testowa",
        gmina=Gmina.objects.filter(subregion__slug="suwalski").first(),
    )
    deal = Partnership.objects.create(
        title="Zlecenie", kind="commissioned_task", starts_on=datetime.date(2025, 5, 1)
    )
    for organisation in (hub, pes):
        PartnershipParty.objects.create(partnership=deal, organisation=organisation)
    client = Client()
    client.force_login(manager)
    html = client.get(
        "/graf/?start=2025-01-01&end=2025-12-31", HTTP_ACCEPT_LANGUAGE="pl"
    ).content.decode()
    tables = html.split("</figure>")[1]
    assert "lomzynski" not in tables and "suwalski" not in tables.replace("Subregion suwalski", "")
    assert "łomżyński" in tables
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert f'<a href="/organizacje/{hub.pk}/"><circle' in svg
    assert "partnerstwo</title>" in svg and ">partnership<" not in svg
    assert "1 powiązanie" in svg
    most_connected = html.split("centralność stopnia")[-1]
    assert f'href="/organizacje/{pes.pk}/"' in most_connected
