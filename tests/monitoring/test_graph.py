"""The cooperation graph on a tiny hand-made network with known centralities."""

from __future__ import annotations

import datetime
import io

import networkx as nx
import pytest
from django.utils import timezone

from contacts.models import OrganisationKind
from crm.models import Gmina
from crm.top.monitoring.graph import GraphQuery, build_graph, graph_metrics
from crm.top.monitoring.graph.export import render
from crm.top.monitoring.graph.influence import event_memberships, event_outcomes, event_partnerships
from crm.top.monitoring.graph.isolated import isolated_pes
from interactions.models import Event, Interaction, Participation
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = GraphQuery(start=D(2025, 1, 1), end=D(2025, 12, 31))


def _partnership(*orgs: object, starts_on: datetime.date, ends_on: datetime.date | None = None):
    deal = Partnership.objects.create(
        title="Umowa", kind="cooperation", starts_on=starts_on, ends_on=ends_on
    )
    for org in orgs:
        PartnershipParty.objects.create(partnership=deal, organisation=org)
    return deal


@pytest.fixture
def star() -> dict[str, object]:
    """A gmina in the middle of four partners, each tied by a different kind of tie, and a
    separate pair: two components."""
    hub = OrganisationFactory(name="Gmina Hajnówka", kind=OrganisationKind.GMINA, nip=None)
    leaves = [OrganisationFactory(name=f"PES {i}") for i in range(3)]
    firm = OrganisationFactory(
        name="Firma", kind=OrganisationKind.BUSINESS, gmina=Gmina.objects.get(code="2063011")
    )
    _partnership(hub, leaves[0], starts_on=D(2024, 6, 1), ends_on=D(2025, 2, 28))
    network = Network.objects.create(name="Sieć", kind="regional")
    Membership.objects.create(organisation=hub, network=network, joined_on=D(2025, 1, 1))
    Membership.objects.create(organisation=leaves[1], network=network, joined_on=D(2025, 5, 1))
    event = Event.objects.create(kind="training", title="Szkolenie", starts_on=D(2025, 4, 4))
    for org in (hub, leaves[2]):
        Participation.objects.create(event=event, organisation=org, status="attended")
    meeting = Interaction.objects.create(
        kind="meeting",
        occurred_at=timezone.make_aware(datetime.datetime(2025, 7, 7, 10)),
        subject="Spotkanie",
    )
    meeting.organisations.set([hub, firm])
    x, y = OrganisationFactory(name="X"), OrganisationFactory(name="Y")
    other = Network.objects.create(name="Inna sieć", kind="thematic")
    Membership.objects.create(organisation=x, network=other, joined_on=D(2020, 1, 1))
    Membership.objects.create(organisation=y, network=other, joined_on=D(2020, 1, 1))
    # Not a tie: they were never members at the same time (left_on is the first day outside).
    gone, late = OrganisationFactory(name="Gone"), OrganisationFactory(name="Late")
    third = Network.objects.create(name="Trzecia", kind="thematic")
    Membership.objects.create(
        organisation=gone, network=third, joined_on=D(2024, 1, 1), left_on=D(2025, 3, 1)
    )
    Membership.objects.create(organisation=late, network=third, joined_on=D(2025, 3, 1))
    return {"hub": hub, "leaves": leaves, "firm": firm, "x": x, "y": y}


def test_star_has_known_degree_and_betweenness(star: dict) -> None:
    built = build_graph(YEAR)
    graph = built.graph
    assert graph.number_of_nodes() == 7
    assert graph.number_of_edges() == 5
    metrics = graph_metrics(graph)
    hub = star["hub"].pk
    # The hub lies on the only path between each of the C(4,2) = 6 pairs of its partners;
    # normalised by C(6,2) = 15 pairs of the other nodes.
    assert metrics.betweenness[hub] == pytest.approx(6 / 15)
    assert metrics.degree_centrality[hub] == pytest.approx(4 / 6)
    assert metrics.betweenness[star["x"].pk] == 0
    assert metrics.brokers[0].node == hub
    assert metrics.components == 2
    assert metrics.component_sizes == [5, 2]
    assert metrics.betweenness_sampled_from is None


def test_edges_are_typed_and_ties_cross_subregions_and_sectors(star: dict) -> None:
    graph = build_graph(YEAR).graph
    hub, leaves, firm = star["hub"].pk, star["leaves"], star["firm"].pk
    assert graph.edges[hub, leaves[0].pk]["types"] == "partnership"
    assert graph.edges[hub, leaves[1].pk]["types"] == "membership"
    assert graph.edges[hub, leaves[2].pk]["types"] == "event"
    assert graph.edges[hub, firm]["types"] == "interaction"
    metrics = graph_metrics(graph)
    assert metrics.crossing_subregions == 1
    assert {(a, b): n for a, b, n in metrics.sector_pairs} == {
        ("jst", "pes"): 3,
        ("business", "jst"): 1,
        ("pes", "pes"): 1,
    }


def test_filters_choose_edge_types_kinds_and_subregion(star: dict) -> None:
    only_events = build_graph(
        GraphQuery(start=YEAR.start, end=YEAR.end, edge_types=("event",))
    ).graph
    assert only_events.number_of_edges() == 1
    pes_only = build_graph(
        GraphQuery(start=YEAR.start, end=YEAR.end, kinds=(OrganisationKind.SOCIAL_COOPERATIVE,))
    ).graph
    assert set(pes_only.nodes) == {star["x"].pk, star["y"].pk}
    north = build_graph(GraphQuery(start=YEAR.start, end=YEAR.end, subregion="suwalski")).graph
    assert set(north.nodes) == {star["hub"].pk, star["firm"].pk}
    # A partnership that ended before the period is no tie in it.
    later = build_graph(GraphQuery(start=D(2025, 3, 1), end=D(2025, 12, 31))).graph
    assert not later.has_edge(star["hub"].pk, star["leaves"][0].pk)


def test_groups_bigger_than_the_cap_add_no_clique(star: dict) -> None:
    network = Network.objects.get(name="Sieć")
    Membership.objects.create(organisation=star["x"], network=network, joined_on=D(2025, 1, 1))
    capped = build_graph(GraphQuery(start=YEAR.start, end=YEAR.end, max_group=2)).graph
    assert not capped.has_edge(star["hub"].pk, star["leaves"][1].pk)
    assert capped.has_edge(star["x"].pk, star["y"].pk)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_with_the_same_nodes_and_edges(star: dict, fmt: str) -> None:
    graph = build_graph(YEAR).graph
    text = render(graph, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    back = reader(io.BytesIO(text.encode()))
    assert set(back.nodes) == {str(n) for n in graph.nodes}
    assert {frozenset(e) for e in back.edges} == {
        frozenset((str(a), str(b))) for a, b in graph.edges
    }
    hub = str(star["hub"].pk)
    assert back.nodes[hub]["label"] == "Gmina Hajnówka"
    assert back.nodes[hub]["kind"] == OrganisationKind.GMINA


def test_isolated_pes_are_those_without_any_tie_for_12_months(star: dict, manager: object) -> None:
    lonely = OrganisationFactory(name="Samotna spółdzielnia")
    old_contact = Interaction.objects.create(
        kind="phone",
        occurred_at=timezone.now() - datetime.timedelta(days=400),
        subject="Dawno",
    )
    old_contact.organisations.set([lonely])
    recent = OrganisationFactory(name="Niedawny kontakt")
    fresh = Interaction.objects.create(
        kind="phone", occurred_at=timezone.now() - datetime.timedelta(days=30), subject="Teraz"
    )
    fresh.organisations.set([recent])
    OrganisationFactory(name="Firma bez kontaktu", kind=OrganisationKind.BUSINESS)
    names = {o.name: o for o in isolated_pes(user=manager)}
    assert "Samotna spółdzielnia" in names
    assert names["Samotna spółdzielnia"].last_contact_at == old_contact.occurred_at
    assert "Niedawny kontakt" not in names
    assert "Firma bez kontaktu" not in names
    assert "X" not in names  # an open membership keeps X in the network


def test_what_an_event_led_to(manager: object) -> None:
    a, b, c = (OrganisationFactory(name=n) for n in "ABC")
    fair = Event.objects.create(kind="fair", title="Targi", starts_on=D(2025, 3, 1))
    for org in (a, b, c):
        Participation.objects.create(event=fair, organisation=org, status="attended")
    soon = _partnership(a, b, starts_on=D(2025, 6, 1))
    _partnership(a, c, starts_on=D(2026, 6, 1))  # more than 12 months after
    network = Network.objects.create(name="Sieć PES", kind="regional")
    Membership.objects.create(organisation=b, network=network, joined_on=D(2024, 1, 1))
    joined = Membership.objects.create(organisation=a, network=network, joined_on=D(2025, 4, 1))
    recorded = _partnership(c, OrganisationFactory(name="D"), starts_on=D(2026, 9, 1))
    recorded.origin_event = fair
    recorded.save()
    [outcome] = event_outcomes(user=manager, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert (outcome.partnerships, outcome.memberships) == (2, 1)
    assert list(event_partnerships(user=manager, event=fair)) == [soon, recorded]
    assert (
        event_outcomes(user=manager, start=D(2025, 1, 1), end=D(2025, 12, 31), subregion="suwalski")
        == []
    )
    assert list(event_memberships(user=manager, event=fair)) == [joined]


def test_big_graph_betweenness_is_sampled_and_says_so() -> None:
    from crm.top.monitoring.graph.metrics import EXACT_BETWEENNESS_LIMIT

    big = nx.path_graph(EXACT_BETWEENNESS_LIMIT + 50)
    metrics = graph_metrics(big)
    assert metrics.betweenness_sampled_from is not None
    assert metrics.components == 1
    # The middle of a long path is its strongest broker, sampled or not.
    middle = (EXACT_BETWEENNESS_LIMIT + 50) // 2
    assert metrics.betweenness[middle] > metrics.betweenness[0]
