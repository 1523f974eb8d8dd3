"""A small world to search: one record of each kind with Polish letters in its name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from crm.models import Gmina
from tests.contacts.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import NetworkFactory, PartnershipFactory, PartnershipPartyFactory

LOMZA = "2062011"  # m. Łomża, subregion łomżyński


@dataclass
class World:
    zaklad: Any
    elsewhere: Any
    person: Any
    restricted: Any
    event: Any
    network: Any
    partnership: Any


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    lomza = Gmina.objects.get(code=LOMZA)
    zaklad = OrganisationFactory(
        name="Zakład Aktywności Zawodowej „Łomżanka”", gmina=lomza, town="Łomża"
    )
    elsewhere = OrganisationFactory(name="Fundacja Szansa")
    person = PersonFactory(first_name="Łucja", last_name="Zalewska", email="lucja@example.pl")
    AffiliationFactory(person=person, organisation=zaklad, role="kierowniczka")
    restricted = PersonFactory(
        first_name="Żaneta", last_name="Zalewska-Nowak", restricted=True, restriction_reason="x"
    )
    event = EventFactory(title="Targi Ekonomii Społecznej w Łomży", gmina=lomza)
    network = NetworkFactory(name="Sieć PES Subregionu Łomżyńskiego", short_name="Sieć ŁOM")
    partnership = PartnershipFactory(
        title="Zakup usług cateringowych w Łomży", starts_on=datetime.date(2025, 3, 1)
    )
    PartnershipPartyFactory(partnership=partnership, organisation=zaklad)
    return World(zaklad, elsewhere, person, restricted, event, network, partnership)
