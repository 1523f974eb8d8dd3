"""Factories for networks, memberships and partnerships (hand-made histories write rows
directly; the services are tested on their own)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from crm.models import Gmina
from networks.models import (
    Membership,
    Network,
    NetworkKind,
    Partnership,
    PartnershipKind,
    PartnershipParty,
    PartyRole,
)
from tests.contacts.factories import OrganisationFactory


def gmina_in(slug: str) -> Gmina:
    return Gmina.objects.filter(subregion__slug=slug).order_by("code").first()  # type: ignore[return-value]


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Sieć Współpracy PES {n}")
    kind = NetworkKind.REGIONAL
    founded_on = datetime.date(2016, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    network = factory.SubFactory(NetworkFactory)
    joined_on = datetime.date(2020, 1, 1)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    title = factory.Sequence(lambda n: f"Umowa o współpracy nr {n}")
    kind = PartnershipKind.COOPERATION
    starts_on = datetime.date(2024, 1, 1)
    value_pln = Decimal("10000.00")


class PartnershipPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipParty

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartyRole.PARTNER
