"""Demo PES of every kind in every gmina (cities get more), and businesses."""

from __future__ import annotations

import datetime

from contacts.models import LegalForm, Organisation, OrganisationKind
from crm.territory.models import Gmina
from crm.top.demo import names
from crm.top.demo.contacts.plan import Plan, add
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


def _weighted_gminas(gminas: list[Gmina]) -> tuple[list[Gmina], list[int]]:
    return gminas, [BIG_CITIES.get(g.code, 2 if g.kind != "rural" else 1) for g in gminas]


def plan_pes_and_business(
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
        add(plan, org, key=name, operated=operated)
    for number in range(1, counts["business"] + 1):
        gmina = rng.choices(population, weights)[0]
        surname = rng.choice(names.SURNAMES)[0]
        add(
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
