"""The tie queries rewritten for speed (issue 15) find the same ties, with the same weights,
as before: on the demo data and on the corners the demo data may miss, over several periods
and group caps."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from crm.top.monitoring.graph.edges import TIE_QUERIES
from interactions.models import Event, Interaction, Participation
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.monitoring.ties_before import BEFORE

pytestmark = pytest.mark.django_db

D = datetime.date


def _corners() -> None:
    """What a tie query can get wrong: a member who left and came back, an organisation at an
    event through two people, a person with no organisation, a group exactly at the cap."""
    a, b, c, d = (OrganisationFactory(name=n) for n in ("A", "B", "C", "D"))
    network = Network.objects.create(name="Sieć powrotów", kind="thematic")
    Membership.objects.create(
        organisation=a, network=network, joined_on=D(2024, 1, 1), left_on=D(2024, 6, 1)
    )
    Membership.objects.create(organisation=a, network=network, joined_on=D(2024, 9, 1))
    Membership.objects.create(organisation=b, network=network, joined_on=D(2023, 1, 1))
    Membership.objects.create(
        organisation=c, network=network, joined_on=D(2024, 6, 1), left_on=D(2024, 9, 1)
    )
    event = Event.objects.create(kind="training", title="Szkolenie", starts_on=D(2024, 5, 5))
    for person in (PersonFactory(), PersonFactory()):
        Participation.objects.create(event=event, person=person, organisation=a, status="attended")
    Participation.objects.create(event=event, organisation=b, status="attended")
    Participation.objects.create(event=event, organisation=c, status="registered")
    Participation.objects.create(event=event, person=PersonFactory(), status="attended")
    meeting = Interaction.objects.create(
        kind="meeting",
        occurred_at=timezone.make_aware(datetime.datetime(2024, 12, 31, 23, 30)),
        subject="Spotkanie",
    )
    meeting.organisations.set([a, b, c])
    alone = Partnership.objects.create(title="Sama", kind="cooperation", starts_on=D(2024, 1, 1))
    PartnershipParty.objects.create(partnership=alone, organisation=d)
    deal = Partnership.objects.create(
        title="Trzy", kind="cooperation", starts_on=D(2023, 1, 1), ends_on=D(2024, 1, 1)
    )
    for organisation in (a, b, d):
        PartnershipParty.objects.create(partnership=deal, organisation=organisation)


def test_the_rewritten_tie_queries_find_the_ties_they_found_before() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    _corners()
    today = timezone.localdate()
    periods = [
        (today - datetime.timedelta(days=365), today),
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2024, 6, 1), D(2024, 6, 1)),
        (today - datetime.timedelta(days=3650), today),
    ]
    compared = 0
    for edge_type, before in BEFORE.items():
        for start, end in periods:
            for cap in (150, 3, 2):
                found = {(t.a, t.b, t.weight) for t in TIE_QUERIES[edge_type](start, end, cap)}
                assert found == before(start, end, cap), (edge_type, start, end, cap)
                compared += len(found)
    # The comparison saw ties of every kind, not only empty answers.
    assert compared > 100
    for edge_type in BEFORE:
        assert TIE_QUERIES[edge_type](D(2024, 1, 1), D(2024, 12, 31), 150).fetch(), edge_type
