"""Demo organisations of podlaskie: every kind, every gmina, people, PS statuses, employment.

Written in bulk (the large set has 100,000 organisations) with field history, and keyed on
deterministic identifiers so that a second run finds everything and adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from simple_history.utils import bulk_create_with_history

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    LegalForm,
    Organisation,
    OrganisationKind,
    Person,
    SocialEnterpriseStatus,
)
from crm.audit.services import action_log_write
from crm.territory.models import Gmina, Powiat, Subregion
from crm.top.demo import names
from crm.top.demo.context import DemoContext
from crm.top.demo.identifiers import IdentifierPool

K = OrganisationKind
BIG_CITIES = {"2061011": 12, "2062011": 6, "2063011": 6}  # Białystok, Łomża, Suwałki weights
PES_MIX = [
    (K.ASSOCIATION, LegalForm.ASSOCIATION, 30),
    (K.FOUNDATION, LegalForm.FOUNDATION, 14),
    (K.SOCIAL_COOPERATIVE, LegalForm.SOCIAL_COOPERATIVE, 16),
    (K.KGW, LegalForm.KGW, 14),
    (K.CIS, LegalForm.NO_LEGAL_PERSONALITY, 3),
    (K.KIS, LegalForm.NO_LEGAL_PERSONALITY, 3),
    (K.WTZ, LegalForm.NO_LEGAL_PERSONALITY, 4),
    (K.ZAZ, LegalForm.NO_LEGAL_PERSONALITY, 2),
    (K.WORK_COOPERATIVE, LegalForm.COOPERATIVE, 3),
    (K.AGRICULTURAL_COOPERATIVE, LegalForm.COOPERATIVE, 2),
    (K.CHURCH_ENTITY, LegalForm.CHURCH_LEGAL_PERSON, 2),
    (K.NONPROFIT_COMPANY, LegalForm.LIMITED_COMPANY, 2),
    (K.JST_ASSOCIATION, LegalForm.ASSOCIATION_UNION, 1),
]
SIZES = {"small": {"pes": 230, "business": 30}, "large": {"pes": 80_000, "business": 19_000}}
UNIVERSITIES = [
    "Uniwersytet w Białymstoku",
    "Politechnika Białostocka",
    "Uniwersytet Medyczny w Białymstoku",
    "Akademia Nauk Stosowanych w Łomży",
    "Akademia Nauk Stosowanych w Suwałkach",
]
MEDIA = ["Radio Podlasie Demo", "Gazeta Nadbużańska", "Portal Łomżyński", "Tygodnik Suwalski"]


@dataclass
class Plan:
    organisations: list[Organisation] = field(default_factory=list)
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)  # by NIP or name key


def seed(ctx: DemoContext) -> None:
    gminas = list(Gmina.objects.select_related("powiat").filter(valid_to__isnull=True))
    powiats = list(Powiat.objects.filter(valid_to__isnull=True))
    pool = IdentifierPool(ctx.rng)
    plan = Plan()
    _institutions(ctx, plan, pool, gminas, powiats)
    _pes_and_business(ctx, plan, pool, gminas)
    planned = len(plan.organisations)
    created = _create_missing(ctx, plan)
    ctx.say(f"  organisations: {created} new, {planned - created} already there")
    if created:
        _people_statuses_employment(ctx, plan)
        action_log_write(
            actor=ctx.actor, verb="crm.top.demo.seeded", details={"organisations": created}
        )


def _add(plan: Plan, org: Organisation, **extras: Any) -> None:
    org.search_name = ""
    plan.organisations.append(org)
    plan.extras[org.nip or org.name] = extras


def _institutions(
    ctx: DemoContext, plan: Plan, pool: IdentifierPool, gminas: list[Gmina], powiats: list[Powiat]
) -> None:
    rng = ctx.rng
    bialystok = next(g for g in gminas if g.code == "2061011")
    _add(
        plan,
        Organisation(
            name="Regionalny Ośrodek Polityki Społecznej w Białymstoku",
            short_name="ROPS Białystok",
            kind=K.SOCIAL_ASSISTANCE,
            legal_form=LegalForm.BUDGET_UNIT,
            nip=pool.nip(),
            regon=pool.regon(),
            gmina=bialystok,
            town="Białystok",
            street="ul. Nowy Świat 8",
            postal_code="15-453",
            email="rops@example.pl",
        ),
    )
    _add(
        plan,
        Organisation(
            name="Województwo Podlaskie",
            kind=K.VOIVODESHIP,
            legal_form=LegalForm.LOCAL_GOVERNMENT,
            nip=pool.nip(),
            regon=pool.regon(),
            gmina=bialystok,
            town="Białystok",
        ),
    )
    seats = {
        "bialostocki": "2061011",
        "bielski": "2003011",
        "lomzynski": "2062011",
        "suwalski": "2063011",
    }
    by_code = {g.code: g for g in gminas}
    for subregion in Subregion.objects.order_by("slug"):
        seat = by_code[seats[subregion.slug]]
        _add(
            plan,
            Organisation(
                name=f"Ośrodek Wsparcia Ekonomii Społecznej – {subregion.name}",
                short_name=f"OWES {subregion.name.split()[-1]}",
                kind=K.OWES,
                legal_form=LegalForm.ASSOCIATION,
                nip=pool.nip(),
                regon=pool.regon(),
                krs=pool.krs(),
                gmina=seat,
                town=seat.name,
                email=f"owes.{subregion.slug}@example.pl",
            ),
            serves=subregion.pk,
        )
    for powiat in powiats:
        in_powiat = [g for g in gminas if g.powiat_id == powiat.pk]
        seat = next((g for g in in_powiat if g.kind != "rural"), in_powiat[0])
        if powiat.is_city:
            _add(
                plan,
                Organisation(
                    name=f"Miasto {powiat.name}",
                    kind=K.CITY,
                    legal_form=LegalForm.LOCAL_GOVERNMENT,
                    nip=pool.nip(),
                    regon=pool.regon(),
                    gmina=seat,
                    town=powiat.name,
                ),
            )
            _add(
                plan,
                Organisation(
                    name=f"Miejski Ośrodek Pomocy Społecznej w mieście {powiat.name}",
                    kind=K.SOCIAL_ASSISTANCE,
                    legal_form=LegalForm.BUDGET_UNIT,
                    nip=pool.nip(),
                    gmina=seat,
                    town=powiat.name,
                ),
            )
            continue
        _add(
            plan,
            Organisation(
                name=f"Powiat {powiat.name}",
                kind=K.POWIAT,
                legal_form=LegalForm.LOCAL_GOVERNMENT,
                nip=pool.nip(),
                regon=pool.regon(),
                gmina=seat,
                town=seat.name,
            ),
        )
        _add(
            plan,
            Organisation(
                name=f"Powiatowe Centrum Pomocy Rodzinie – powiat {powiat.name}",
                kind=K.SOCIAL_ASSISTANCE,
                legal_form=LegalForm.BUDGET_UNIT,
                nip=pool.nip(),
                gmina=seat,
                town=seat.name,
            ),
        )
        _add(
            plan,
            Organisation(
                name=f"Powiatowy Urząd Pracy – powiat {powiat.name}",
                kind=K.LABOUR_OFFICE,
                legal_form=LegalForm.BUDGET_UNIT,
                nip=pool.nip(),
                gmina=seat,
                town=seat.name,
            ),
        )
    for gmina in gminas:
        if gmina.powiat.is_city:
            continue
        label = "Miasto" if gmina.kind == "urban" else "Gmina"
        _add(
            plan,
            Organisation(
                name=f"{label} {gmina.name}",
                kind=K.GMINA,
                legal_form=LegalForm.LOCAL_GOVERNMENT,
                nip=pool.nip(),
                regon=pool.regon(),
                gmina=gmina,
                town=gmina.name,
            ),
        )
        if rng.random() < 0.5:
            prefix = "Miejski" if gmina.kind == "urban" else "Gminny"
            _add(
                plan,
                Organisation(
                    name=f"{prefix} Ośrodek Pomocy Społecznej – {gmina}",
                    kind=K.SOCIAL_ASSISTANCE,
                    legal_form=LegalForm.BUDGET_UNIT,
                    nip=pool.nip(),
                    gmina=gmina,
                    town=gmina.name,
                ),
            )
    for name in UNIVERSITIES:
        city = (
            by_code["2062011"]
            if "Łomży" in name
            else by_code["2063011"]
            if "Suwałk" in name
            else bialystok
        )
        _add(
            plan,
            Organisation(
                name=name,
                kind=K.UNIVERSITY,
                legal_form=LegalForm.UNIVERSITY,
                nip=pool.nip(),
                regon=pool.regon(),
                gmina=city,
                town=city.name,
            ),
        )
    for name in MEDIA:
        _add(
            plan,
            Organisation(
                name=name,
                kind=K.MEDIA,
                legal_form=LegalForm.LIMITED_COMPANY,
                nip=pool.nip(),
                regon=pool.regon(),
                krs=pool.krs(),
                gmina=rng.choice(list(by_code.values())[:40]),
            ),
        )


def _weighted_gminas(gminas: list[Gmina]) -> tuple[list[Gmina], list[int]]:
    return gminas, [BIG_CITIES.get(g.code, 2 if g.kind != "rural" else 1) for g in gminas]


def _pes_and_business(
    ctx: DemoContext, plan: Plan, pool: IdentifierPool, gminas: list[Gmina]
) -> None:
    rng = ctx.rng
    counts = SIZES[ctx.size]
    population, weights = _weighted_gminas(gminas)
    kinds = [(kind, form) for kind, form, _ in PES_MIX]
    kind_weights = [w for *_, w in PES_MIX]
    # Every gmina gets at least one PES, the rest follow the weights (cities get more).
    places = list(gminas) + rng.choices(population, weights, k=counts["pes"] - len(gminas))
    for number, gmina in enumerate(places, start=1):
        kind, form = rng.choices(kinds, kind_weights)[0]
        word = rng.choice(names.NAME_WORDS)
        suffix = f" {number}" if ctx.size == "large" else ""
        name = {
            K.ASSOCIATION: f"Stowarzyszenie {rng.choice(names.PURPOSES)} {gmina.name}{suffix}",
            K.FOUNDATION: f"Fundacja „{word}”{suffix}",
            K.SOCIAL_COOPERATIVE: f"Spółdzielnia Socjalna „{word}” w gminie {gmina.name}{suffix}",
            K.KGW: f"Koło Gospodyń Wiejskich „{word}” – {gmina.name}{suffix}",
            K.CIS: f"Centrum Integracji Społecznej – {gmina.name}{suffix}",
            K.KIS: f"Klub Integracji Społecznej – {gmina.name}{suffix}",
            K.WTZ: f"Warsztat Terapii Zajęciowej – {gmina.name}{suffix}",
            K.ZAZ: f"Zakład Aktywności Zawodowej – {gmina.name}{suffix}",
            K.WORK_COOPERATIVE: f"Spółdzielnia Pracy „{word}”{suffix}",
            K.AGRICULTURAL_COOPERATIVE: f"Rolnicza Spółdzielnia Produkcyjna „{word}”{suffix}",
            K.CHURCH_ENTITY: f"Caritas Parafii w gminie {gmina.name}{suffix}",
            K.NONPROFIT_COMPANY: f"„{word}” Spółka z o.o. non profit{suffix}",
            K.JST_ASSOCIATION: f"Związek Gmin „{word}”{suffix}",
        }[kind]
        operated = kind in {K.CIS, K.KIS, K.WTZ, K.ZAZ}
        has_krs = kind not in {K.KGW} and not operated
        org = Organisation(
            name=name,
            kind=kind,
            legal_form=form,
            nip=None if operated else pool.nip(),
            regon=pool.regon() if rng.random() < 0.8 else None,
            krs=pool.krs() if has_krs and rng.random() < 0.9 else None,
            kgw_number=pool.kgw() if kind == K.KGW else None,
            gmina=gmina,
            town=gmina.name,
            street=f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
            postal_code=f"{rng.randint(15, 19)}-{rng.randint(0, 999):03d}",
            email=f"biuro{number}@pes-demo.example.pl",
            phones=[f"+4885{rng.randint(1000000, 9999999)}"],
            founded_on=datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), 1),
            is_public=rng.random() < 0.35,
            offer=rng.choice(names.OFFERS) if rng.random() < 0.6 else "",
        )
        if rng.random() < 0.04:
            org.closed_on = datetime.date(rng.randint(2020, 2026), rng.randint(1, 10), 1)
            if org.founded_on and org.closed_on < org.founded_on:
                org.closed_on = None
        _add(plan, org, key=name, operated=operated)
    for number in range(1, counts["business"] + 1):
        gmina = rng.choices(population, weights)[0]
        surname = rng.choice(names.SURNAMES)[0]
        _add(
            plan,
            Organisation(
                name=f"{rng.choice(names.BUSINESS_WORDS)} {surname} Sp. z o.o. ({number})",
                kind=K.BUSINESS,
                legal_form=LegalForm.LIMITED_COMPANY,
                nip=pool.nip(),
                regon=pool.regon(),
                krs=pool.krs(),
                gmina=gmina,
                town=gmina.name,
            ),
        )


def _create_missing(ctx: DemoContext, plan: Plan) -> int:
    """Bulk-create the organisations not yet there (matched on NIP, else on name)."""
    existing_nips: set[str | None] = set()
    nips = [o.nip for o in plan.organisations if o.nip]
    for start in range(0, len(nips), 900):
        existing_nips.update(
            Organisation.objects.filter(nip__in=nips[start : start + 900]).values_list(
                "nip", flat=True
            )
        )
    existing_names = set(
        Organisation.objects.filter(nip__isnull=True).values_list("name", flat=True)
    )
    missing = [
        o
        for o in plan.organisations
        if (o.nip and o.nip not in existing_nips) or (not o.nip and o.name not in existing_names)
    ]
    from crm.text import fold

    for org in missing:
        org.search_name = fold(org.name)
        org.search_town = fold(org.town)[:100]
        org.created_by = ctx.actor
    bulk_create_with_history(
        missing,
        Organisation,
        batch_size=2000,
        default_user=ctx.actor,
        default_change_reason="demo data",
    )
    plan.organisations = missing
    return len(missing)


def _people_statuses_employment(ctx: DemoContext, plan: Plan) -> None:
    rng = ctx.rng
    saved = {
        (o.nip or o.name): o
        for o in Organisation.objects.filter(created_by=ctx.actor).only("id", "nip", "name", "kind")
    }
    people: list[Person] = []
    affiliations: list[tuple[int, str, int]] = []
    statuses: list[SocialEnterpriseStatus] = []
    snapshots: list[EmploymentSnapshot] = []
    operators: list[Organisation] = [
        o for o in saved.values() if o.kind in {K.ASSOCIATION, K.FOUNDATION}
    ]
    operated_updates: list[Organisation] = []
    done: set[str] = set()
    for org in plan.organisations:
        key = org.nip or org.name
        stored = saved.get(key)
        # Two planned organisations without a NIP may share a name: one record, one history.
        if stored is None or key in done:
            continue
        done.add(key)
        extras = plan.extras.get(key, {})
        if extras.get("serves"):
            stored.serves_subregions.add(extras["serves"])
        if extras.get("operated") and operators:
            stored.operator = rng.choice(operators)
            operated_updates.append(stored)
        if stored.kind in {K.GMINA, K.CITY, K.POWIAT} or stored.kind == K.BUSINESS:
            continue
        for _ in range(rng.choice([1, 1, 1, 2])):
            female = rng.random() < 0.6
            first = rng.choice(names.FIRST_NAMES_F if female else names.FIRST_NAMES_M)
            male_last, female_last = rng.choice(names.SURNAMES)
            last = female_last if female else male_last
            index = len(people) + 1
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    email=f"{fold_ascii(first)}.{fold_ascii(last)}.{index}@osoby-demo.example.pl",
                    phone=f"+48{rng.choice([5, 6, 7, 8])}{rng.randint(10000000, 99999999)}",
                    legal_basis=Person.LegalBasis.PUBLIC_TASK,
                    source="dane demonstracyjne",
                    informed_at=None if rng.random() < 0.3 else _aware(ctx.today),
                )
            )
            affiliations.append(
                (
                    index - 1,
                    rng.choice(["prezes", "koordynator", "księgowa", "członek zarządu"]),
                    stored.pk,
                )
            )
        if stored.kind in {
            K.SOCIAL_COOPERATIVE,
            K.ASSOCIATION,
            K.FOUNDATION,
            K.CIS,
            K.WTZ,
            K.ZAZ,
            K.NONPROFIT_COMPANY,
        }:
            history = _ps_history(ctx, stored)
            statuses.extend(history)
            if history or rng.random() < 0.2:
                snapshots.extend(_employment(ctx, stored))
    if operated_updates:
        Organisation.objects.bulk_update(operated_updates, ["operator"], batch_size=2000)
    bulk_create_with_history(people, Person, batch_size=2000, default_user=ctx.actor)
    emails = [p.email for p in people]
    ids: dict[str | None, int] = {}
    for start in range(0, len(emails), 900):
        ids.update(
            Person.objects.filter(email__in=emails[start : start + 900]).values_list("email", "id")
        )
    bulk_create_with_history(
        [
            Affiliation(
                person_id=ids[people[i].email or ""],
                organisation_id=org_id,
                role=role,
                is_primary=True,
            )
            for i, role, org_id in affiliations
        ],
        Affiliation,
        batch_size=2000,
        default_user=ctx.actor,
    )
    bulk_create_with_history(
        statuses, SocialEnterpriseStatus, batch_size=2000, default_user=ctx.actor
    )
    bulk_create_with_history(snapshots, EmploymentSnapshot, batch_size=2000, default_user=ctx.actor)
    ctx.shared["people"] = len(people)


def _ps_history(ctx: DemoContext, org: Organisation) -> list[SocialEnterpriseStatus]:
    rng = ctx.rng
    found: list[SocialEnterpriseStatus] = []
    roll = rng.random()
    if roll < 0.15:  # an old OWES-verified status, expired with 2023
        found.append(
            SocialEnterpriseStatus(
                organisation=org,
                kind="legacy",
                granted_on=datetime.date(rng.randint(2016, 2021), rng.randint(1, 12), 15),
                purpose="reintegration",
            )
        )
    if roll < 0.08 or 0.15 <= roll < 0.35:  # a statutory decision by the voivode
        granted = datetime.date(rng.randint(2023, 2026), rng.randint(1, 10), rng.randint(1, 28))
        if granted > ctx.today:
            granted = ctx.today - datetime.timedelta(days=30)
        lost = None
        if rng.random() < 0.12:
            lost = min(granted + datetime.timedelta(days=rng.randint(200, 700)), ctx.today)
        found.append(
            SocialEnterpriseStatus(
                organisation=org,
                kind="statutory",
                granted_on=granted,
                lost_on=lost,
                decision_number=f"PS.{granted.year}.{rng.randint(1, 400)}",
                decision_date=granted,
                purpose=rng.choice(["reintegration", "social_services", "both"]),
            )
        )
    return found


def _employment(ctx: DemoContext, org: Organisation) -> list[EmploymentSnapshot]:
    rng = ctx.rng
    employees = rng.randint(1, 6)
    found = []
    for year in range(2019, ctx.today.year):
        employees = max(0, employees + rng.choice([-1, 0, 0, 1, 1, 2]))
        at_risk = rng.randint(0, employees)
        found.append(
            EmploymentSnapshot(
                organisation=org,
                as_of=datetime.date(year, 12, 31),
                employees=employees,
                employees_at_risk=at_risk,
                fte=employees * rng.choice([1, 1, 0.75, 0.5]),
            )
        )
    return found


def fold_ascii(text: str) -> str:
    from crm.text import fold

    return fold(text).replace(" ", "")


def _aware(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
