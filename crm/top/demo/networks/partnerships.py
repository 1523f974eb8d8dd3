"""JST–PES partnerships (and a few others) from 2017 to today, with values in PLN."""

from __future__ import annotations

import datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from contacts.models import Organisation
from crm.top.demo.context import DemoContext
from crm.top.demo.networks.streams import stream
from networks.models import Partnership, PartnershipKind, PartnershipParty, PartyRole

D = datetime.date


PARTNERSHIP_KINDS = [
    (PartnershipKind.SOCIAL_CLAUSE, 30),
    (PartnershipKind.COMMISSIONED_TASK, 30),
    (PartnershipKind.COOPERATION, 20),
    (PartnershipKind.JOINT_PROJECT, 10),
    (PartnershipKind.LEGAL_PERSONS_COOPERATIVE, 4),
    (PartnershipKind.SUBCONTRACTING, 6),
]
SUBJECTS = {
    PartnershipKind.SOCIAL_CLAUSE: [
        "Przygotowanie i dostawa posiłków dla szkół",
        "Utrzymanie zieleni gminnej",
        "Sprzątanie budynków urzędu",
        "Usługi opiekuńcze w miejscu zamieszkania",
        "Remont świetlicy wiejskiej",
    ],
    PartnershipKind.COMMISSIONED_TASK: [
        "Prowadzenie klubu seniora",
        "Organizacja wypoczynku letniego dzieci",
        "Usługi asystencji osobistej",
        "Organizacja dożynek gminnych",
    ],
    PartnershipKind.COOPERATION: ["Porozumienie o współpracy na rzecz ekonomii społecznej"],
    PartnershipKind.JOINT_PROJECT: [
        "Projekt partnerski „Aktywni razem”",
        "Projekt „Praca blisko domu”",
    ],
    PartnershipKind.LEGAL_PERSONS_COOPERATIVE: ["Spółdzielnia socjalna osób prawnych"],
    PartnershipKind.SUBCONTRACTING: ["Podwykonawstwo usług porządkowych"],
}
VALUES = {
    PartnershipKind.SOCIAL_CLAUSE: (20_000, 450_000),
    PartnershipKind.COMMISSIONED_TASK: (5_000, 120_000),
    PartnershipKind.JOINT_PROJECT: (80_000, 900_000),
    PartnershipKind.SUBCONTRACTING: (10_000, 90_000),
}


def seed_partnerships(ctx: DemoContext, pes: list[Organisation], jst: list[Organisation]) -> int:
    rng, today = stream(ctx, "partnerships"), ctx.today
    if not pes or not jst:
        return 0
    count = max(40, len(pes) // 4)
    existing = set(Partnership.objects.values_list("title", flat=True))
    kinds, weights = zip(*PARTNERSHIP_KINDS, strict=True)
    years = list(range(2017, today.year + 1))
    planned: list[tuple[Partnership, list[tuple[Organisation, str]]]] = []
    for number in range(1, count + 1):
        kind = rng.choices(kinds, weights)[0]
        year = rng.choices(years, [1 + (y - 2017) for y in years])[0]
        starts_on = D(year, rng.randint(1, 12), rng.randint(1, 28))
        if starts_on > today:
            starts_on = today - datetime.timedelta(days=rng.randint(0, 60))
        partner = rng.choice(pes)
        local = [
            o
            for o in jst
            if o.gmina and partner.gmina and o.gmina.subregion_id == partner.gmina.subregion_id
        ]
        government = rng.choice(local if local and rng.random() < 0.8 else jst)
        low_high = VALUES.get(kind)
        value = Decimal(rng.randint(*low_high) // 100 * 100) if low_high else None
        ends_on = (
            None
            if kind == PartnershipKind.COOPERATION and rng.random() < 0.5
            else starts_on + datetime.timedelta(days=rng.randint(60, 900))
        )
        subject = rng.choice(SUBJECTS[kind])
        title = f"{subject} – {government.name} – nr {number}/{starts_on.year}"
        parties: list[tuple[Organisation, str]] = [
            (government, PartyRole.FUNDER if value else PartyRole.LEAD),
            (partner, PartyRole.CONTRACTOR if value else PartyRole.PARTNER),
        ]
        if title in existing:
            continue
        planned.append(
            (
                Partnership(
                    title=title,
                    kind=kind,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    value_pln=value,
                    description="dane demonstracyjne",
                ),
                parties,
            )
        )
    # Both databases return the new ids from a bulk insert, so the parties can point at them.
    bulk_create_with_history(
        [p for p, _ in planned], Partnership, batch_size=2000, default_user=ctx.actor
    )
    bulk_create_with_history(
        [
            PartnershipParty(partnership=p, organisation=o, role=role)
            for p, parties in planned
            for o, role in parties
        ],
        PartnershipParty,
        batch_size=2000,
        default_user=ctx.actor,
    )
    return len(planned)
