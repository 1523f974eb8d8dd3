"""Demo contact log: the project team, years of interactions, fairs and study visits with
attendance, trainings, and follow-ups (some overdue, some due today).

Runs on the organisations and people already there (nothing happens without them). Rows are
written in bulk with field history, authored by the demo system user; a section that finds its
demo rows already there adds nothing, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from contacts.models import PES_KINDS, Affiliation, Organisation, OrganisationKind
from crm.audit.services import action_log_write
from crm.territory.models import Gmina
from crm.top.demo.context import DemoContext
from crm.users import Role, User
from interactions.models import (
    Event,
    EventKind,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    Participation,
    ParticipationStatus,
    Topic,
)

TEAM = [
    ("anna.specjalistka", "Anna", "Sokołowska", Role.TEAM),
    ("piotr.animator", "Piotr", "Wasilewski", Role.TEAM),
    ("katarzyna.doradczyni", "Katarzyna", "Jabłońska", Role.TEAM),
    ("marek.animator", "Marek", "Ostrowski", Role.TEAM),
    ("ewa.kierownik", "Ewa", "Zawadzka", Role.MANAGER),
]
YEARS = 6
SIZES = {
    "small": {"organisations": 160, "per_year": 140},
    "large": {"organisations": 1200, "per_year": 1500},
}
K = InteractionKind
KIND_WEIGHTS = [
    (K.CONSULTATION, 34),
    (K.PHONE, 20),
    (K.EMAIL, 15),
    (K.MEETING, 15),
    (K.SITE_VISIT, 6),
    (K.STUDY_VISIT, 3),
    (K.TRAINING, 4),
    (K.OTHER, 3),
]
SUBJECTS = {
    K.CONSULTATION: [
        "Doradztwo: biznesplan spółdzielni socjalnej",
        "Doradztwo: wniosek o status przedsiębiorstwa społecznego",
        "Doradztwo: zmiana statutu i forma prawna",
        "Doradztwo: dotacja na utworzenie miejsc pracy",
        "Doradztwo: klauzule społeczne w ofercie",
    ],
    K.PHONE: [
        "Telefon: pytanie o nabór wniosków",
        "Telefon: termin spotkania sieci",
        "Telefon: zatrudnienie osób zagrożonych wykluczeniem",
    ],
    K.EMAIL: [
        "E-mail: przesłanie wzoru umowy partnerskiej",
        "E-mail: informacja o szkoleniu",
        "E-mail: sprawozdanie z zatrudnienia",
    ],
    K.MEETING: [
        "Spotkanie z wójtem w sprawie zlecania zadań PES",
        "Spotkanie w sprawie partnerstwa lokalnego",
        "Spotkanie: strategia rozwiązywania problemów społecznych",
    ],
    K.SITE_VISIT: ["Wizyta w siedzibie podmiotu", "Wizyta monitorująca miejsca pracy"],
    K.STUDY_VISIT: ["Przygotowanie wizyty studyjnej", "Wizyta studyjna: dobre praktyki"],
    K.TRAINING: ["Szkolenie: zamówienia publiczne z klauzulą", "Szkolenie: marketing PES"],
    K.OTHER: ["Konsultacja zespołu OWES", "Udział w sesji rady gminy"],
}
DURATIONS = {
    K.CONSULTATION: (45, 180),
    K.PHONE: (5, 30),
    K.EMAIL: (5, 20),
    K.MEETING: (60, 150),
    K.SITE_VISIT: (90, 240),
    K.STUDY_VISIT: (240, 480),
    K.TRAINING: (180, 420),
    K.OTHER: (30, 120),
}
BIALYSTOK = "2061011"


def seed(ctx: DemoContext) -> None:
    sample = _organisations(ctx)
    if not sample:
        ctx.say("  interactions: no organisations, nothing to do")
        return
    staff = _team(ctx)
    people = _people_by_organisation([o.pk for o in sample])
    made = {
        "interactions": _interactions(ctx, staff, sample, people),
        "events": _events(ctx, sample, people),
        "follow_ups": _follow_ups(ctx, staff),
    }
    ctx.say(
        "  interactions: {interactions} interactions, {events} events, "
        "{follow_ups} follow-ups new".format(**made)
    )
    if any(made.values()):
        action_log_write(actor=ctx.actor, verb="crm.top.demo.seeded", details=made)


def _organisations(ctx: DemoContext) -> list[Organisation]:
    """A stable sample: PES first, then local governments and OWES they work with."""
    limit = SIZES[ctx.size]["organisations"]
    pes = list(
        Organisation.objects.filter(kind__in=PES_KINDS, closed_on__isnull=True)
        .order_by("id")
        .only("id", "kind", "gmina_id")[: limit * 3]
    )
    others = list(
        Organisation.objects.filter(
            kind__in=[
                OrganisationKind.GMINA,
                OrganisationKind.OWES,
                OrganisationKind.SOCIAL_ASSISTANCE,
                OrganisationKind.LABOUR_OFFICE,
            ]
        )
        .order_by("id")
        .only("id", "kind", "gmina_id")[: limit // 2]
    )
    chosen = ctx.rng.sample(pes, min(len(pes), limit)) + others
    return sorted(chosen, key=lambda o: o.pk)


def _team(ctx: DemoContext) -> list[User]:
    users = []
    for username, first, last, role in TEAM:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "email": f"{username}@rops.example.pl",
            },
        )
        if created:
            user.set_unusable_password()  # demo colleagues never sign in
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _people_by_organisation(org_ids: list[int]) -> dict[int, list[int]]:
    people: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(org_ids), 900):
        rows = (
            Affiliation.objects.filter(organisation_id__in=org_ids[start : start + 900])
            .order_by("organisation_id", "person_id")
            .values_list("organisation_id", "person_id")
        )
        for org_id, person_id in rows:
            people[org_id].append(person_id)
    return people


def _moment(rng: random.Random, day: datetime.date) -> datetime.datetime:
    when = datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.choice([0, 30])))
    return timezone.make_aware(when)


def _workday(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    span = max((last - first).days, 0)
    day = first + datetime.timedelta(days=rng.randint(0, span))
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return max(day, first)


def _interactions(
    ctx: DemoContext,
    staff: list[User],
    sample: list[Organisation],
    people: dict[int, list[int]],
) -> int:
    if Interaction.objects.filter(created_by=ctx.actor).exists():
        return 0
    rng = ctx.rng
    team = [u for u in staff if u.role == Role.TEAM]
    topics = list(Topic.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    kinds = [k for k, _w in KIND_WEIGHTS]
    weights = [w for _k, w in KIND_WEIGHTS]
    pes = [o for o in sample if o.kind in PES_KINDS] or sample
    public = [o for o in sample if o.kind not in PES_KINDS]
    rows: list[Interaction] = []
    links: list[dict[str, list[int]]] = []
    first_year = ctx.today.year - YEARS + 1
    for year in range(first_year, ctx.today.year + 1):
        last = min(datetime.date(year, 12, 31), ctx.today)
        # The programme grew: later years see more contacts than the first.
        count = int(SIZES[ctx.size]["per_year"] * (0.6 + 0.4 * (year - first_year) / YEARS))
        if year == ctx.today.year:
            count = count * ctx.today.timetuple().tm_yday // 365
        for _ in range(count):
            kind = rng.choices(kinds, weights)[0]
            organisation = rng.choice(pes)
            orgs = [organisation.pk]
            if public and rng.random() < 0.2:
                orgs.append(rng.choice(public).pk)
            low, high = DURATIONS[kind]
            rows.append(
                Interaction(
                    kind=kind,
                    occurred_at=_moment(rng, _workday(rng, datetime.date(year, 1, 2), last)),
                    duration_minutes=rng.randrange(low, high + 1, 5),
                    subject=rng.choice(SUBJECTS[kind]),
                    notes="",
                    outcome=rng.choice(
                        ["", "", "Uzgodniono kolejne spotkanie.", "Przekazano wzory dokumentów."]
                    ),
                    created_by=ctx.actor,
                )
            )
            known = people.get(organisation.pk, [])
            links.append(
                {
                    "staff": [u.pk for u in rng.sample(team, rng.choice([1, 1, 1, 2]))],
                    "organisations": orgs,
                    "people": rng.sample(known, min(len(known), rng.choice([0, 1, 1, 2]))),
                    "topics": rng.sample(topics, min(len(topics), rng.choice([1, 1, 2]))),
                }
            )
    created = bulk_create_with_history(
        rows, Interaction, batch_size=1000, default_user=ctx.actor, default_change_reason="demo"
    )
    _link(Interaction, created, links)
    return len(created)


def _link(model: Any, objects: list[Any], links: list[dict[str, list[int]]]) -> None:
    """Fill the many-to-many tables in one bulk insert each."""
    for name in ("staff", "organisations", "people", "topics"):
        through = getattr(model, name).through
        source = f"{model._meta.model_name}_id"
        target = f"{getattr(model, name).field.related_model._meta.model_name}_id"
        through.objects.bulk_create(
            [
                through(**{source: obj.pk, target: pk})
                for obj, link in zip(objects, links, strict=True)
                for pk in link[name]
            ],
            batch_size=2000,
        )


def _events(ctx: DemoContext, sample: list[Organisation], people: dict[int, list[int]]) -> int:
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


def _follow_ups(ctx: DemoContext, staff: list[User]) -> int:
    if FollowUp.objects.filter(created_by=ctx.actor).exists():
        return 0
    rng = ctx.rng
    today = ctx.today
    team = {u.pk: u for u in staff if u.role == Role.TEAM}
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(120), datetime.time())
    )
    recent = list(
        Interaction.objects.filter(created_by=ctx.actor, occurred_at__gte=since)
        .order_by("occurred_at", "pk")
        .prefetch_related("organisations", "staff")
    )
    rows: list[FollowUp] = []
    for interaction in recent:
        if rng.random() > 0.3:
            continue
        staff_ids = [u.pk for u in interaction.staff.all() if u.pk in team]
        orgs = sorted(o.pk for o in interaction.organisations.all())
        if not staff_ids:
            continue
        due_on = timezone.localdate(interaction.occurred_at) + datetime.timedelta(
            days=rng.choice([7, 14, 14, 30])
        )
        status = FollowUpStatus.OPEN
        if due_on < today - datetime.timedelta(days=10) and rng.random() < 0.85:
            status = rng.choice([FollowUpStatus.DONE] * 5 + [FollowUpStatus.CANCELLED])
        rows.append(
            FollowUp(
                title=f"Następny krok: {interaction.subject}"[:300],
                due_on=due_on,
                assignee_id=staff_ids[0],
                organisation_id=orgs[0] if orgs else None,
                interaction=interaction,
                status=status,
                done_at=_done_at(due_on) if status == FollowUpStatus.DONE else None,
                created_by=ctx.actor,
            )
        )
    # Every team member starts the demo with something overdue and something due today.
    anchors = [o for o in recent if o.organisations.all()] or []
    for user in team.values():
        for offset in (-9, -3, 0, 0, 2, 5):
            source = rng.choice(anchors) if anchors else None
            rows.append(
                FollowUp(
                    title=rng.choice(
                        [
                            "Oddzwonić w sprawie wniosku o dotację",
                            "Wysłać zaproszenie na targi",
                            "Sprawdzić sprawozdanie z zatrudnienia",
                            "Umówić wizytę monitorującą",
                        ]
                    ),
                    due_on=today + datetime.timedelta(days=offset),
                    assignee=user,
                    organisation_id=(
                        min(o.pk for o in source.organisations.all()) if source else None
                    ),
                    interaction=source,
                    created_by=ctx.actor,
                )
            )
    bulk_create_with_history(
        rows, FollowUp, batch_size=1000, default_user=ctx.actor, default_change_reason="demo"
    )
    return len(rows)


def _done_at(due_on: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(due_on, datetime.time(14, 0)))
