"""Networks, JST cooperation, support and recommendations on hand-made data with known answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contacts.models import OrganisationKind
from crm.models import Gmina
from crm.top.monitoring import services
from crm.top.monitoring.indicators import Period, compute
from interactions.models import Event, Interaction, Participation
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_member_who_left_on_31_december_is_not_a_member_at_year_end() -> None:
    network = Network.objects.create(name="Sieć PES", kind="regional", founded_on=D(2020, 1, 1))
    stays, leaves = OrganisationFactory(), OrganisationFactory()
    Membership.objects.create(organisation=stays, network=network, joined_on=D(2024, 5, 1))
    Membership.objects.create(
        organisation=leaves, network=network, joined_on=D(2024, 5, 1), left_on=D(2025, 12, 31)
    )
    assert compute("network_members", Period(2025)).value == 1
    assert compute("network_members", Period(2024)).value == 2
    assert compute("network_members_left", Period(2025)).value == 1
    assert compute("networks_active", Period(2025)).value == 1


def test_retention_counts_a_rejoin_once_and_a_31_december_leaver_as_gone() -> None:
    network = Network.objects.create(name="Sieć tematyczna", kind="thematic")
    rejoins, leaves, older = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    Membership.objects.create(
        organisation=rejoins, network=network, joined_on=D(2025, 2, 1), left_on=D(2025, 5, 1)
    )
    Membership.objects.create(organisation=rejoins, network=network, joined_on=D(2025, 9, 1))
    Membership.objects.create(
        organisation=leaves, network=network, joined_on=D(2025, 3, 1), left_on=D(2025, 12, 31)
    )
    Membership.objects.create(organisation=older, network=network, joined_on=D(2022, 1, 1))
    assert compute("network_members_new", Period(2025)).value == 3  # three periods began
    assert compute("network_retention", Period(2025)).value == Decimal("50.0")


@pytest.fixture
def spanning_task() -> Partnership:
    gmina = OrganisationFactory(kind=OrganisationKind.GMINA, name="Gmina Hajnówka", nip=None)
    pes = OrganisationFactory()
    task = Partnership.objects.create(
        title="Usługi opiekuńcze",
        kind="commissioned_task",
        starts_on=D(2024, 10, 1),
        ends_on=D(2025, 3, 31),
        value_pln=Decimal("10000.00"),
    )
    PartnershipParty.objects.create(partnership=task, organisation=gmina, role="funder")
    PartnershipParty.objects.create(partnership=task, organisation=pes, role="contractor")
    return task


def test_partnership_spanning_two_years_counts_in_both_but_its_value_once(
    spanning_task: Partnership,
) -> None:
    for year in (2024, 2025):
        assert compute("partnerships_jst_pes", Period(year)).value == 1
        assert compute("jst_cooperating", Period(year)).value == 1
    assert compute("partnerships_jst_pes", Period(2026)).value == 0
    assert compute("public_tasks_count", Period(2024)).value == 1
    assert compute("public_tasks_value", Period(2024)).value == Decimal("10000.00")
    assert compute("public_tasks_count", Period(2025)).value == 0
    assert compute("public_tasks_value", Period(2025)).value == Decimal("0.00")


def test_partnership_without_a_pes_is_no_jst_cooperation() -> None:
    gmina = OrganisationFactory(kind=OrganisationKind.GMINA, nip=None)
    firm = OrganisationFactory(kind=OrganisationKind.BUSINESS)
    deal = Partnership.objects.create(
        title="Umowa", kind="social_clause", starts_on=D(2025, 1, 1), value_pln=Decimal(5)
    )
    PartnershipParty.objects.create(partnership=deal, organisation=gmina)
    PartnershipParty.objects.create(partnership=deal, organisation=firm)
    assert compute("jst_cooperating", Period(2025)).value == 0
    assert compute("social_clause_count", Period(2025)).value == 0


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def test_advisory_hours_and_organisations_advised_count_each_contact_once() -> None:
    a, b = OrganisationFactory(), OrganisationFactory(gmina=Gmina.objects.get(code="2063011"))
    joint = Interaction.objects.create(
        kind="consultation", occurred_at=_at(2025, 3, 3), duration_minutes=90, subject="x"
    )
    joint.organisations.set([a, b])
    late = Interaction.objects.create(
        kind="consultation", occurred_at=_at(2025, 12, 31, 23, 30), duration_minutes=30, subject="y"
    )
    late.organisations.set([a])
    meeting = Interaction.objects.create(kind="meeting", occurred_at=_at(2025, 5, 5), subject="z")
    meeting.organisations.set([b])
    Interaction.objects.create(kind="consultation", occurred_at=_at(2026, 1, 1, 0, 30), subject="n")
    interactions = compute("interactions", Period(2025))
    assert interactions.value == 3
    assert {c.key: c.value for c in interactions.by_category} == {"consultation": 2, "meeting": 1}
    assert sum(c.value for c in interactions.by_subregion) == 3
    assert compute("advisory_hours", Period(2025)).value == Decimal("2.0")
    assert compute("organisations_advised", Period(2025)).value == 2


def test_event_participants_are_attendances_and_organisations_each_once() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    fair = Event.objects.create(
        kind="fair",
        title="Targi",
        starts_on=D(2025, 9, 12),
        gmina=Gmina.objects.get(code="2061011"),
    )
    Event.objects.create(kind="training", title="Szkolenie", starts_on=D(2024, 9, 12))
    for person in (PersonFactory(), PersonFactory()):
        Participation.objects.create(event=fair, person=person, organisation=org, status="attended")
    Participation.objects.create(event=fair, organisation=other, status="attended")
    Participation.objects.create(event=fair, person=PersonFactory(), status="no_show")
    assert compute("events", Period(2025)).value == 1
    assert compute("event_participants", Period(2025)).value == 3
    assert compute("event_organisations", Period(2025)).value == 2


def test_strategic_documents_and_recommendations(manager: object) -> None:
    jst = OrganisationFactory(kind=OrganisationKind.GMINA, nip=None)
    services.strategic_document_create(
        actor=manager,
        organisation=jst,
        title="Strategia rozwiązywania problemów społecznych 2021–2027",
        kind="social_problems",
        adopted_on=D(2021, 3, 1),
        valid_until=D(2027, 12, 31),
        has_se_provisions=True,
    )
    expired = OrganisationFactory(kind=OrganisationKind.POWIAT, nip=None)
    services.strategic_document_create(
        actor=manager,
        organisation=expired,
        title="Program współpracy 2025",
        kind="ngo_programme",
        adopted_on=D(2024, 11, 20),
        valid_until=D(2025, 6, 30),
        has_se_provisions=True,
    )
    assert compute("jst_se_documents", Period(2025)).value == 1
    assert compute("jst_se_documents", Period(2024)).value == 2
    assert compute("se_documents_adopted", Period(2024)).value == 1
    first = services.recommendation_create(
        actor=manager, monitoring_year=2024, text="Więcej klauzul", addressee="JST"
    )
    services.recommendation_create(actor=manager, monitoring_year=2025, text="B", addressee="X")
    services.recommendation_implement(
        actor=manager, recommendation=first, implemented_on=D(2025, 6, 1)
    )
    assert compute("recommendations_made", Period(2025)).value == 1
    assert compute("recommendations_implemented", Period(2025)).value == 1
    assert compute("recommendations_implemented", Period(2024)).value == 0
