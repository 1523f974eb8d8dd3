"""Demo events: fairs, study visits, RKRES meetings and trainings, with attendance."""

from __future__ import annotations

import datetime

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from contacts.models import Organisation
from crm.territory.models import Gmina
from crm.top.demo.context import DemoContext
from crm.top.demo.interactions.shapes import BIALYSTOK, SUBJECTS, YEARS, K
from interactions.models import Event, EventKind, Participation, ParticipationStatus


def seed_events(ctx: DemoContext, sample: list[Organisation], people: dict[int, list[int]]) -> int:
    if Event.objects.filter(created_by=ctx.actor).exists():
        return 0
    rng = ctx.rng
    gminas = list(Gmina.objects.filter(valid_to__isnull=True).order_by("code"))
    if not gminas:
        return 0
    bialystok = next((g for g in gminas if g.code == BIALYSTOK), gminas[0])
    rops = Organisation.objects.filter(
        Q(short_name="ROPS Białystok") | Q(name__startswith="Regionalny Ośrodek Polityki")
    ).first()
    plan: list[tuple[Event, int]] = []
    for year in range(ctx.today.year - YEARS + 1, ctx.today.year + 1):
        edition = year - 2010
        plan.append(
            (
                Event(
                    kind=EventKind.FAIR,
                    title=f"{edition}. Podlaskie Targi Ekonomii Społecznej",
                    starts_on=datetime.date(year, 9, 10 + rng.randint(0, 6)),
                    gmina=bialystok,
                    address="Rynek Kościuszki, Białystok",
                    organiser=rops,
                    description="Doroczne targi podmiotów ekonomii społecznej województwa.",
                ),
                rng.randint(35, 60),
            )
        )
        for month in (5, 10):
            gmina = rng.choice(gminas)
            start = datetime.date(year, month, rng.randint(3, 20))
            plan.append(
                (
                    Event(
                        kind=EventKind.STUDY_VISIT,
                        title=f"Wizyta studyjna: dobre praktyki ES — {gmina.name}",
                        starts_on=start,
                        ends_on=start + datetime.timedelta(days=1),
                        gmina=gmina,
                        organiser=rops,
                    ),
                    rng.randint(12, 25),
                )
            )
        for month in (3, 6, 9, 11):
            plan.append(
                (
                    Event(
                        kind=EventKind.TRAINING,
                        title=rng.choice(SUBJECTS[K.TRAINING]),
                        starts_on=datetime.date(year, month, rng.randint(4, 25)),
                        gmina=rng.choice(gminas),
                        organiser=rops,
                    ),
                    rng.randint(8, 20),
                )
            )
        for month in (4, 11):
            plan.append(
                (
                    Event(
                        kind=EventKind.RKRES_MEETING,
                        title="Posiedzenie Regionalnego Komitetu Rozwoju ES",
                        starts_on=datetime.date(year, month, rng.randint(5, 25)),
                        gmina=bialystok,
                        organiser=rops,
                    ),
                    rng.randint(8, 14),
                )
            )
        plan.append(
            (
                Event(
                    kind=EventKind.NETWORK_MEETING,
                    title="Spotkanie Podlaskiej Sieci Współpracy ROPS i OWES",
                    starts_on=datetime.date(year, 2, rng.randint(5, 25)),
                    gmina=bialystok,
                    organiser=rops,
                ),
                rng.randint(6, 12),
            )
        )
        plan.append(
            (
                Event(
                    kind=EventKind.GALA,
                    title=f"Gala konkursu „Podlaski Lider Ekonomii Społecznej {year}”",
                    starts_on=datetime.date(year, 12, rng.randint(1, 12)),
                    gmina=bialystok,
                    organiser=rops,
                ),
                rng.randint(20, 40),
            )
        )
    for event, _n in plan:
        event.created_by = ctx.actor
    events = bulk_create_with_history(
        [e for e, _n in plan], Event, default_user=ctx.actor, default_change_reason="demo"
    )
    participations: list[Participation] = []
    for event, (_planned, size) in zip(events, plan, strict=True):
        past = event.starts_on < ctx.today
        for org in rng.sample(sample, min(size, len(sample))):
            known = people.get(org.pk, [])
            if past:
                status = rng.choices(
                    [
                        ParticipationStatus.ATTENDED,
                        ParticipationStatus.NO_SHOW,
                        ParticipationStatus.REGISTERED,
                    ],
                    [82, 10, 8],
                )[0]
            else:
                status = rng.choice([ParticipationStatus.INVITED, ParticipationStatus.REGISTERED])
            participations.append(
                Participation(
                    event=event,
                    organisation=org,
                    person_id=known[0] if known and rng.random() < 0.7 else None,
                    status=status,
                )
            )
    # A person is listed once per event even when they represent two organisations.
    seen: set[tuple[int, int]] = set()
    for row in participations:
        if row.person_id is not None:
            key = (row.event.pk, row.person_id)
            if key in seen:
                row.person_id = None
            seen.add(key)
    bulk_create_with_history(
        participations,
        Participation,
        batch_size=1000,
        default_user=ctx.actor,
        default_change_reason="demo",
    )
    return len(events)
