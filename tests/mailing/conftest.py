"""A network whose members' representatives differ in what they allow, for the mailing tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from contacts.models import Consent, Organisation, Person
from contacts.services.email_refusals import EMAIL_PURPOSE
from networks.models import Network
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import MembershipFactory, NetworkFactory


@dataclass
class Members:
    network: Network
    event: Any
    willing: Person  # public task, no refusal: written to
    consenting: Person  # legal basis consent, a consent in force: written to
    refused: Person  # withdrew the e-mail consent: skipped, refused
    no_consent: Person  # legal basis consent, nothing in force: skipped, no consent
    restricted: Person  # art. 18: skipped, restricted
    plain: Organisation  # a member naming no representative: its own address
    silent: Organisation  # a member without an address: skipped


@pytest.fixture
def members(db: None) -> Members:
    network = NetworkFactory(name="Sieć Współpracy PES Podlasia")
    event = EventFactory(
        title="Podlaskie Targi Ekonomii Społecznej",
        starts_on=datetime.date(2027, 3, 12),
        address="Białystok, ul. Elektryczna 13",
    )
    willing = PersonFactory(first_name="Anna", last_name="Łukaszuk", email="anna@example.pl")
    consenting = PersonFactory(
        first_name="Jan", last_name="Kowal", email="jan@example.pl", legal_basis="consent"
    )
    Consent.objects.create(
        person=consenting, purpose="kontakt w sprawach sieci", given_on=datetime.date(2025, 1, 2)
    )
    refused = PersonFactory(first_name="Ewa", last_name="Nowik", email="ewa@example.pl")
    Consent.objects.create(
        person=refused,
        purpose=EMAIL_PURPOSE,
        given_on=datetime.date(2025, 1, 2),
        withdrawn_on=datetime.date(2025, 6, 1),
    )
    no_consent = PersonFactory(
        first_name="Olga", last_name="Bez", email="olga@example.pl", legal_basis="consent"
    )
    restricted = PersonFactory(
        first_name="Piotr", last_name="Zakaz", email="piotr@example.pl", restricted=True,
        restriction_reason="kwestionuje dane",
    )  # fmt: skip
    for name, person in [
        ("Spółdzielnia Socjalna „Żubr”", willing),
        ("Fundacja Kowal", consenting),
        ("Stowarzyszenie Nowik", refused),
        ("Koło Gospodyń Wiejskich w Bezkach", no_consent),
        ("Fundacja Zakaz", restricted),
    ]:
        organisation = OrganisationFactory(name=name, email=f"biuro{person.pk}@example.pl")
        MembershipFactory(network=network, organisation=organisation, representative=person)
    plain = OrganisationFactory(name="Spółdzielnia Socjalna „Bóbr”", email="bobr@example.pl")
    MembershipFactory(network=network, organisation=plain)
    silent = OrganisationFactory(name="Spółdzielnia Socjalna „Cisza”", email="")
    MembershipFactory(network=network, organisation=silent)
    # A member that left is no longer written to.
    gone = OrganisationFactory(name="Fundacja Dawna", email="dawna@example.pl")
    MembershipFactory(network=network, organisation=gone, left_on=datetime.date(2024, 1, 1))
    return Members(
        network, event, willing, consenting, refused, no_consent, restricted, plain, silent
    )
