"""A synthetic, deterministic dataset for timing the monitoring (``monitoring_timings
--generate N``): organisations with statuses, employment, memberships, partnerships, events
and contacts, written with ``bulk_create`` into an empty database — no history, no audit."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from contacts.models import (
    PES_KINDS,
    EmploymentSnapshot,
    Organisation,
    OrganisationKind,
    SocialEnterpriseStatus,
)
from crm.territory.models import Gmina
from interactions.models import Event, Interaction, Participation
from networks.models import Membership, Network, Partnership, PartnershipParty

BATCH = 5_000
D = datetime.date


def _bulk(model: type[models.Model], rows: Iterable[Any]) -> None:
    model._default_manager.bulk_create(list(rows), batch_size=BATCH)


def _day(rng: random.Random, start: int, end: int) -> datetime.date:
    return D(start, 1, 1) + datetime.timedelta(days=rng.randint(0, (end - start + 1) * 365 - 1))


@transaction.atomic
def generate(organisations: int, seed: int = 2026) -> dict[str, int]:
    """Raises: RuntimeError when the database already holds organisations."""
    if Organisation.objects.exists():
        raise RuntimeError("generate into an empty database")
    rng = random.Random(seed)
    gminas = list(Gmina.objects.values_list("pk", flat=True))
    pes_kinds = sorted(PES_KINDS)
    kinds = (
        [(k, 80 / len(pes_kinds)) for k in pes_kinds]
        + [(OrganisationKind.GMINA, 2), (OrganisationKind.POWIAT, 0.5)]
        + [(OrganisationKind.BUSINESS, 12), (OrganisationKind.UNIVERSITY, 0.5)]
        + [(OrganisationKind.SOCIAL_ASSISTANCE, 3), (OrganisationKind.OTHER, 2)]
    )
    names, weights = zip(*kinds, strict=True)
    rows = []
    for i in range(organisations):
        founded = _day(rng, 1995, 2025)
        closed = _day(rng, founded.year + 1, 2026) if rng.random() < 0.05 else None
        rows.append(
            Organisation(
                name=f"Organizacja testowa {i}",
                search_name=f"organizacja testowa {i}",
                kind=rng.choices(names, weights)[0],
                gmina_id=rng.choice(gminas),
                founded_on=founded,
                closed_on=closed if closed and closed >= founded else None,
            )
        )
    _bulk(Organisation, rows)
    orgs = list(Organisation.objects.values_list("pk", "kind"))
    pes = [pk for pk, kind in orgs if kind in PES_KINDS]
    jst = [pk for pk, kind in orgs if kind in (OrganisationKind.GMINA, OrganisationKind.POWIAT)]
    # Social enterprises: 5 % of PES, some lost and granted again; employment at year ends.
    enterprises = rng.sample(pes, len(pes) // 20)
    statuses, snapshots = [], []
    for pk in enterprises:
        granted = _day(rng, 2022, 2025)
        lost = (
            granted + datetime.timedelta(days=rng.randint(60, 700)) if rng.random() < 0.1 else None
        )
        statuses.append(
            SocialEnterpriseStatus(
                organisation_id=pk, kind="statutory", granted_on=granted, lost_on=lost
            )
        )
        employees = rng.randint(1, 20)
        for year in (2022, 2023, 2024, 2025):
            employees = max(0, employees + rng.randint(-2, 4))
            snapshots.append(
                EmploymentSnapshot(
                    organisation_id=pk,
                    as_of=D(year, 12, 31),
                    employees=employees,
                    employees_at_risk=rng.randint(0, employees),
                )
            )
    _bulk(SocialEnterpriseStatus, statuses)
    _bulk(EmploymentSnapshot, snapshots)
    # Networks: four big regional ones (left out of the graph's pairs) and many small ones.
    networks = [Network(name=f"Sieć regionalna {i}", kind="regional") for i in range(4)]
    networks += [Network(name=f"Sieć tematyczna {i}", kind="thematic") for i in range(60)]
    _bulk(Network, networks)
    network_ids = list(Network.objects.values_list("pk", "kind"))
    memberships = []
    for network, kind in network_ids:
        size = rng.randint(300, 3000) if kind == "regional" else rng.randint(8, 120)
        for pk in rng.sample(pes + jst, min(size, len(pes))):
            joined = _day(rng, 2018, 2025)
            left = (
                joined + datetime.timedelta(days=rng.randint(30, 2000))
                if rng.random() < 0.2
                else None
            )
            memberships.append(
                Membership(organisation_id=pk, network_id=network, joined_on=joined, left_on=left)
            )
    _bulk(Membership, memberships)
    # Partnerships of a JST and one or two PES.
    partnerships = [
        Partnership(
            title=f"Partnerstwo {i}",
            kind=rng.choice(["commissioned_task", "social_clause", "cooperation", "joint_project"]),
            starts_on=(start := _day(rng, 2019, 2025)),
            ends_on=start + datetime.timedelta(days=rng.randint(30, 900)),
            value_pln=rng.randint(5, 500) * 1000,
        )
        for i in range(max(10, organisations // 20))
    ]
    _bulk(Partnership, partnerships)
    parties = []
    for partnership in Partnership.objects.values_list("pk", flat=True):
        chosen = {rng.choice(jst), *rng.sample(pes, rng.randint(1, 2))}
        parties += [PartnershipParty(partnership_id=partnership, organisation_id=o) for o in chosen]
    _bulk(PartnershipParty, parties)
    # Events with attending organisations.
    _bulk(
        Event,
        (
            Event(
                kind=rng.choice(["fair", "training", "study_visit", "conference"]),
                title=f"Wydarzenie {i}",
                starts_on=_day(rng, 2020, 2025),
                gmina_id=rng.choice(gminas),
            )
            for i in range(max(5, organisations // 300))
        ),
    )
    participations = []
    for event in Event.objects.values_list("pk", flat=True):
        for pk in rng.sample(pes + jst, rng.randint(10, 120)):
            participations.append(
                Participation(event_id=event, organisation_id=pk, status="attended")
            )
    _bulk(Participation, participations)
    # Contacts, a few with two organisations.
    count = organisations // 2
    _bulk(
        Interaction,
        (
            Interaction(
                kind=rng.choice(["consultation", "consultation", "phone", "meeting", "email"]),
                occurred_at=timezone.make_aware(
                    datetime.datetime.combine(_day(rng, 2020, 2025), datetime.time(10))
                ),
                duration_minutes=rng.choice([30, 60, 90, 120]),
                subject=f"Kontakt {i}",
            )
            for i in range(count)
        ),
    )
    through = Interaction.organisations.through
    links = []
    for interaction in Interaction.objects.values_list("pk", flat=True):
        for pk in {rng.choice(pes), *([rng.choice(pes + jst)] if rng.random() < 0.15 else [])}:
            links.append(through(interaction_id=interaction, organisation_id=pk))
    _bulk(through, links)
    if connection.vendor == "postgresql":
        # Fresh bulk rows have no planner statistics until autovacuum comes by.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "organisations": organisations,
        "social enterprises": len(enterprises),
        "memberships": len(memberships),
        "partnerships": len(partnerships),
        "participations": len(participations),
        "interactions": count,
    }
