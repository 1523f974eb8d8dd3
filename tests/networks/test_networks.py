"""Creating and changing networks and committee terms; the members-on-date index."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from crm.audit.models import ActionLog
from networks.models import Network, NetworkKind
from networks.selectors import members_on
from networks.services import network_create, network_update, term_create
from tests.networks.factories import MembershipFactory, NetworkFactory

D = datetime.date


@pytest.mark.django_db
def test_owes_partner_creates_networks_only_in_their_subregion(
    owes_partner, subregion_a, subregion_b
) -> None:
    network = network_create(
        actor=owes_partner,
        name="Sieć PES Subregionu Bielskiego",
        kind=NetworkKind.REGIONAL,
        subregion=subregion_a,
        founded_on=D(2016, 4, 1),
    )
    assert network.history.first().history_user == owes_partner
    for subregion in (subregion_b, None):
        with pytest.raises(PermissionDenied):
            network_create(
                actor=owes_partner,
                name=f"Sieć {subregion}",
                kind=NetworkKind.THEMATIC,
                subregion=subregion,
            )
    assert Network.objects.count() == 1


@pytest.mark.django_db
def test_closing_a_network_logs_the_changed_fields_only(manager) -> None:
    network = NetworkFactory(founded_on=D(2017, 1, 1))
    network_update(actor=manager, network=network, closed_on=D(2024, 12, 31))
    network_update(actor=manager, network=network, closed_on=D(2024, 12, 31))  # no change
    entries = ActionLog.objects.filter(verb="networks.network.updated")
    assert [e.details for e in entries] == [{"fields": ["closed_on"]}]
    with pytest.raises(ValidationError):
        network_update(actor=manager, network=network, closed_on=D(2016, 1, 1))


@pytest.mark.django_db
def test_viewer_cannot_create_networks_or_terms(viewer) -> None:
    with pytest.raises(PermissionDenied):
        network_create(actor=viewer, name="Sieć", kind=NetworkKind.CLUSTER)
    with pytest.raises(PermissionDenied):
        term_create(
            actor=viewer, network=NetworkFactory(), label="2022–2025", starts_on=D(2022, 3, 1)
        )


@pytest.mark.django_db
def test_committee_terms_have_unique_labels_and_ordered_dates(manager) -> None:
    rkres = NetworkFactory(kind=NetworkKind.COMMITTEE, name="RKRES")
    term_create(
        actor=manager,
        network=rkres,
        label="2022–2025",
        starts_on=D(2022, 3, 1),
        ends_on=D(2025, 2, 28),
    )
    with pytest.raises(ValidationError):
        term_create(actor=manager, network=rkres, label="2022–2025", starts_on=D(2022, 3, 1))
    with pytest.raises(ValidationError):
        term_create(
            actor=manager,
            network=rkres,
            label="2025–2028",
            starts_on=D(2025, 3, 1),
            ends_on=D(2025, 1, 1),
        )


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN output of PostgreSQL")
def test_members_on_a_date_read_memberships_through_an_index(viewer) -> None:
    membership = MembershipFactory()
    queryset = members_on(user=viewer, network=membership.network, on=D(2024, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    # Which index serves it (the period's, or the network's) follows the statistics the earlier
    # tests of the run left; what must never happen is reading every membership: with
    # enable_seqscan off a query no index can serve still shows its "Seq Scan".
    assert "Seq Scan on networks_membership" not in plan, plan
    assert "networks_membership" in plan
