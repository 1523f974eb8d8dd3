"""Shared set-up of the page tests: a small world with one of everything."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from contacts.models import Affiliation, Organisation, Person, SocialEnterpriseStatus
from crm.models import Gmina
from interactions.models import Event, FollowUp, Interaction, Participation
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory, InteractionFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, PartnershipFactory


@dataclass
class World:
    organisation: Organisation  # in bielski (Hajnówka)
    other: Organisation  # in suwalski
    person: Person
    network: Network
    membership: Membership
    partnership: Partnership
    event: Event
    participation: Participation
    interaction: Interaction
    follow_up: FollowUp


@pytest.fixture
def world(team_member: Any) -> World:
    organisation = OrganisationFactory(
        name="Spółdzielnia Socjalna „Żubrowe Smaki”", town="Hajnówka"
    )
    other = OrganisationFactory(
        name="Fundacja Suwalska", gmina=Gmina.objects.filter(subregion__slug="suwalski").first()
    )
    SocialEnterpriseStatus.objects.create(
        organisation=organisation, kind="statutory", granted_on=datetime.date(2023, 5, 1)
    )
    person = PersonFactory(first_name="Anna", last_name="Łukaszuk")
    Affiliation.objects.create(person=person, organisation=organisation, role="prezes")
    network = NetworkFactory(name="Podlaska Sieć PES")
    membership = MembershipFactory(organisation=organisation, network=network)
    partnership = PartnershipFactory()
    PartnershipParty.objects.create(partnership=partnership, organisation=organisation)
    event = EventFactory()
    participation = Participation.objects.create(event=event, organisation=organisation)
    interaction = InteractionFactory()
    interaction.organisations.add(organisation)
    interaction.staff.add(team_member)
    follow_up = FollowUp.objects.create(
        title="Wysłać wzór wniosku",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
        assignee=team_member,
        organisation=organisation,
    )
    return World(
        organisation,
        other,
        person,
        network,
        membership,
        partnership,
        event,
        participation,
        interaction,
        follow_up,
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """The managers' dashboard numbers are cached for minutes: every test starts without."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
