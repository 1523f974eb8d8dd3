"""The networks demo data: idempotent, deterministic, and shaped like a real programme."""

from __future__ import annotations

import datetime
import itertools
import random

import pytest
from django.db import transaction

from contacts.models import Organisation, OrganisationKind
from crm.top.demo import contacts as contacts_demo
from crm.top.demo import networks as networks_demo
from crm.top.demo.context import DemoContext
from crm.top.demo.system_user import demo_system_user
from networks.models import Membership, Network, NetworkKind, Partnership, Term
from networks.selectors import jst_pes_partnerships, network_growth
from tests.contacts.factories import OrganisationFactory

TODAY = datetime.date(2026, 11, 27)


def _run(part, seed: int = 2026) -> None:
    part.seed(
        DemoContext(
            rng=random.Random(f"{seed}-{part.__name__}"),
            size="small",
            actor=demo_system_user(),
            today=TODAY,
        )
    )


def _fingerprint() -> list[tuple]:
    return sorted(
        Membership.objects.values_list(
            "organisation__name", "network__name", "joined_on", "left_on", "role"
        )
    ) + sorted(Partnership.objects.values_list("title", "starts_on", "ends_on", "value_pln"))


class _Rollback(Exception):
    pass


@pytest.mark.django_db
def test_demo_networks_are_deterministic_idempotent_and_alive() -> None:
    with pytest.raises(_Rollback), transaction.atomic():
        _run(contacts_demo)
        _run(networks_demo)
        first = _fingerprint()
        raise _Rollback
    _run(contacts_demo)
    _run(networks_demo)
    assert _fingerprint() == first
    counts = (Network.objects.count(), Membership.objects.count(), Partnership.objects.count())
    _run(networks_demo)
    assert (Network.objects.count(), Membership.objects.count(), Partnership.objects.count()) == (
        counts
    )

    sieć = Network.objects.get(name="Podlaska Sieć Współpracy ROPS i OWES")
    assert sieć.founded_on == datetime.date(2019, 10, 24)
    assert sieć.memberships.count() == 5
    assert Network.objects.filter(kind=NetworkKind.REGIONAL, subregion__isnull=False).count() == 4
    assert Network.objects.filter(kind__in=[NetworkKind.THEMATIC, NetworkKind.CLUSTER]).count() >= 2

    user = demo_system_user()
    series = network_growth(
        user=user,
        network_kind=NetworkKind.REGIONAL,
        interval="year",
        start=datetime.date(2016, 1, 1),
        end=TODAY,
    )
    joins = [p.joins for p in series]
    assert series[0].period_end.year == 2016 and series[-1].period_end.year == 2026
    assert len(set(joins)) > 5  # uneven, not a straight line
    assert sum(p.leaves > 0 for p in series) >= 5
    assert any(b.active < a.active for a, b in itertools.pairwise(series))  # 2020

    rkres = Network.objects.get(short_name="RKRES")
    assert list(
        Term.objects.filter(network=rkres).order_by("starts_on").values_list("label", flat=True)
    ) == ["2016–2019", "2019–2022", "2022–2025", "2025–2028"]
    current = Membership.objects.filter(network=rkres, left_on__isnull=True)
    assert current.count() >= 10
    assert not current.filter(representative__isnull=True).exists()

    rows = jst_pes_partnerships(user=user)
    assert sum(r.count for r in rows) >= 30
    assert sum(r.with_social_clause for r in rows) >= 5
    assert {r.subregion for r in rows} >= {"bialostocki", "bielski", "lomzynski", "suwalski"}


@pytest.mark.django_db
def test_demo_networks_without_the_contacts_demo_make_rops_and_owes() -> None:
    for number in range(12):
        OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, name=f"Spółdzielnia {number}")
    OrganisationFactory(kind=OrganisationKind.GMINA, name="Gmina Hajnówka")
    _run(networks_demo)
    assert Organisation.objects.filter(kind=OrganisationKind.OWES).count() == 4
    sieć = Network.objects.get(name="Podlaska Sieć Współpracy ROPS i OWES")
    assert sieć.memberships.count() == 5
    assert Membership.objects.filter(network__kind=NetworkKind.REGIONAL).count() > 4
    _run(networks_demo)
    assert Organisation.objects.filter(kind=OrganisationKind.OWES).count() == 4
