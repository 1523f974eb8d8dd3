"""The demo networks and their members: the ROPS–OWES network, a PES network per subregion,
thematic networks and a cluster, joined and left over the programme's years."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from random import Random
from typing import Any

from contacts.models import Organisation, OrganisationKind
from contacts.services import organisation_create
from crm.territory.models import Subregion
from crm.top.demo.contacts.institutions import accredit_owes
from crm.top.demo.context import DemoContext
from crm.top.demo.networks.streams import stream
from networks.models import Membership, MembershipRole, Network, NetworkKind
from networks.services import network_create

D = datetime.date
K = OrganisationKind
ROPS_NAME = "Regionalny Ośrodek Polityki Społecznej w Białymstoku"
# Recruitment by year: a slow start, a peak before the pandemic, the 2020 dip, and the new
# programme (FEdP 2021–2027) from 2023.
REGIONAL_YEARS = {2016: 4, 2017: 7, 2018: 10, 2019: 8, 2020: 1, 2021: 4, 2022: 5, 2023: 11}
MONTHS = [2, 3, 6, 6, 5, 3, 1, 1, 5, 8, 7, 2]  # after the autumn fair, none in summer
LEAVE_REASONS = [
    "zawieszenie działalności",
    "brak aktywności w sieci",
    "zmiana profilu działalności",
    "rezygnacja na piśmie",
    "likwidacja podmiotu",
]


def networks_and_members(
    ctx: DemoContext,
    rops: Organisation,
    owes: dict[str, Organisation],
    pes: list[Organisation],
    jst: list[Organisation],
) -> list[Membership]:
    """The ROPS–OWES network, a PES network per subregion and the thematic ones, made when
    missing, with the memberships of those that had none (to be written in bulk)."""
    memberships: list[Membership] = []
    sieć = _network(
        ctx,
        name="Podlaska Sieć Współpracy ROPS i OWES",
        short_name="Sieć ROPS–OWES",
        kind=NetworkKind.PARTNERSHIP,
        coordinator=rops,
        founded_on=D(2019, 10, 24),
    )
    if sieć is not None:
        memberships.append(member(rops, sieć, D(2019, 10, 24), role=MembershipRole.COORDINATOR))
        memberships.extend(member(o, sieć, D(2019, 10, 24)) for o in owes.values())
    for subregion in Subregion.objects.order_by("slug"):
        memberships.extend(_regional(ctx, subregion, owes[subregion.slug], pes, jst))
    memberships.extend(_thematic(ctx, rops, owes, pes, jst))
    return memberships


def rops_and_owes(ctx: DemoContext) -> tuple[Organisation, dict[str, Organisation]]:
    """ROPS and the four OWES from the contacts demo; made here when that part did not run."""
    rops = Organisation.objects.filter(name=ROPS_NAME).first() or organisation_create(
        actor=ctx.actor, name=ROPS_NAME, kind=K.SOCIAL_ASSISTANCE, short_name="ROPS Białystok"
    )
    owes: dict[str, Organisation] = {}
    for subregion in Subregion.objects.order_by("slug"):
        name = f"Ośrodek Wsparcia Ekonomii Społecznej – {subregion.name}"
        found = (
            Organisation.objects.filter(kind=K.OWES, accreditations__subregions=subregion)
            .order_by("id")
            .first()
            or Organisation.objects.filter(name=name).first()
        )
        if found is None:
            found = organisation_create(
                actor=ctx.actor,
                name=name,
                kind=K.OWES,
                short_name=f"OWES {subregion.name.split()[-1]}",
                gmina=subregion.gminas.order_by("code").first(),
            )
            accredit_owes(ctx, found, subregion)
        owes[subregion.slug] = found
    return rops, owes


def years_until(today: datetime.date) -> dict[int, int]:
    """Recruitment weights by year, up to this year."""
    later = {year: max(3, 8 - 2 * (year - 2024)) for year in range(2024, today.year + 1)}
    return {y: w for y, w in (REGIONAL_YEARS | later).items() if y <= today.year}


def _network(ctx: DemoContext, *, name: str, **fields: Any) -> Network | None:
    """The network to fill with members, or None when it already has them."""
    network = Network.objects.filter(name=name).first()
    if network is None:
        network = network_create(actor=ctx.actor, name=name, **fields)
    return None if network.memberships.exists() else network


def member(
    organisation: Organisation,
    network: Network,
    joined_on: datetime.date,
    left_on: datetime.date | None = None,
    reason: str = "",
    role: str = MembershipRole.MEMBER,
) -> Membership:
    return Membership(
        organisation=organisation,
        network=network,
        joined_on=joined_on,
        left_on=left_on,
        left_reason=reason,
        role=role,
        source="dane demonstracyjne",
    )


def _periods(
    rng: Random,
    organisation: Organisation,
    start: datetime.date,
    today: datetime.date,
    years: dict[int, int],
) -> list[tuple[datetime.date, datetime.date | None, str]]:
    """The membership periods of one organisation: a join, maybe a leave, maybe a rejoin."""
    choices = [y for y in years if y <= today.year]
    year = rng.choices(choices, [years[y] for y in choices])[0]
    joined = D(year, rng.choices(range(1, 13), MONTHS)[0], rng.randint(1, 28))
    joined = max(joined, start, organisation.founded_on or start)
    closed = organisation.closed_on
    result: list[tuple[datetime.date, datetime.date | None, str]] = []
    while joined <= today and (closed is None or joined < closed):
        left: datetime.date | None = None
        reason = ""
        if rng.random() < (0.3 if not result else 0.15):
            left = joined + datetime.timedelta(days=60 + int(rng.expovariate(1 / 900)))
            reason = rng.choice(LEAVE_REASONS)
        elif joined.year < 2020 and rng.random() < 0.2:
            left = D(2020, rng.randint(4, 12), rng.randint(1, 28))
            reason = "zawieszenie działalności w czasie pandemii"
        if closed is not None and (left is None or left > closed):
            left, reason = closed, "likwidacja podmiotu"
        if left is not None and left > today:
            left, reason = None, ""
        result.append((joined, left, reason))
        if left is None or rng.random() > 0.3:
            break
        joined = left + datetime.timedelta(days=rng.randint(30, 720))
    return result


def _join_all(
    rng: Random,
    network: Network,
    candidates: Sequence[Organisation],
    share: float,
    today: datetime.date,
    years: dict[int, int],
    role: str = MembershipRole.MEMBER,
) -> list[Membership]:
    start = network.founded_on or D(2016, 1, 1)
    memberships = []
    for organisation in candidates:
        if rng.random() >= share:
            continue
        for joined, left, reason in _periods(rng, organisation, start, today, years):
            memberships.append(member(organisation, network, joined, left, reason, role))
    return memberships


def _in(organisations: list[Organisation], subregion: Subregion) -> list[Organisation]:
    return [o for o in organisations if o.gmina and o.gmina.subregion_id == subregion.pk]


def _regional(
    ctx: DemoContext,
    subregion: Subregion,
    owes: Organisation,
    pes: list[Organisation],
    jst: list[Organisation],
) -> list[Membership]:
    founded = D(2016, (3, 4, 5, 6)[subregion.pk % 4], 15)
    network = _network(
        ctx,
        name=f"Sieć Współpracy PES – {subregion.name}",
        short_name=f"Sieć PES {subregion.name.split()[-1]}",
        kind=NetworkKind.REGIONAL,
        subregion=subregion,
        coordinator=owes,
        founded_on=founded,
        description="Sieć podmiotów ekonomii społecznej prowadzona przez OWES subregionu.",
    )
    if network is None:
        return []
    years = years_until(ctx.today)
    rng = stream(ctx, network.name)
    memberships = [member(owes, network, founded, role=MembershipRole.COORDINATOR)]
    memberships += _join_all(rng, network, _in(pes, subregion), 0.7, ctx.today, years)
    memberships += _join_all(
        rng, network, _in(jst, subregion), 0.12, ctx.today, years, MembershipRole.OBSERVER
    )
    return memberships


def _thematic(
    ctx: DemoContext,
    rops: Organisation,
    owes: dict[str, Organisation],
    pes: list[Organisation],
    jst: list[Organisation],
) -> list[Membership]:
    today = ctx.today
    cooperatives = [o for o in pes if o.kind == K.SOCIAL_COOPERATIVE]
    food = [o for o in pes if o.kind in {K.KGW, K.AGRICULTURAL_COOPERATIVE, K.SOCIAL_COOPERATIVE}]
    plans = [
        (
            "Podlaska Sieć Klauzul Społecznych",
            NetworkKind.THEMATIC,
            rops,
            D(2021, 3, 15),
            [(jst, 0.18), (cooperatives, 0.25)],
        ),
        (
            "Sieć Spółdzielni Socjalnych Podlasia",
            NetworkKind.THEMATIC,
            owes["bialostocki"],
            D(2017, 5, 20),
            [(cooperatives, 0.5)],
        ),
        (
            "Klaster Ekonomii Społecznej „Smaki Podlasia”",
            NetworkKind.CLUSTER,
            owes["lomzynski"],
            D(2022, 9, 1),
            [(food, 0.2)],
        ),
    ]
    memberships: list[Membership] = []
    for name, kind, coordinator, founded, groups in plans:
        network = _network(ctx, name=name, kind=kind, coordinator=coordinator, founded_on=founded)
        if network is None:
            continue
        years = {y: w for y, w in years_until(today).items() if y >= founded.year}
        rng = stream(ctx, name)
        memberships.append(member(coordinator, network, founded, role=MembershipRole.COORDINATOR))
        for candidates, share in groups:
            memberships += _join_all(
                rng,
                network,
                [c for c in candidates if c.pk != coordinator.pk],
                share,
                today,
                years,
            )
    return memberships
