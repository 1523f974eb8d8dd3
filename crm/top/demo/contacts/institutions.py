"""Demo public bodies: ROPS, OWES, JST, social assistance, labour offices, universities, media."""

from __future__ import annotations

import datetime

from contacts.models import LegalForm, Organisation, OrganisationKind
from contacts.services import owes_accreditation_create
from crm.territory.models import Gmina, Powiat, Subregion
from crm.top.demo.contacts.plan import Plan, add
from crm.top.demo.context import DemoContext
from crm.top.demo.identifiers import IdentifierPool

K = OrganisationKind
UNIVERSITIES = [
    "Uniwersytet w Białymstoku",
    "Politechnika Białostocka",
    "Uniwersytet Medyczny w Białymstoku",
    "Akademia Nauk Stosowanych w Łomży",
    "Akademia Nauk Stosowanych w Suwałkach",
]
MEDIA = ["Radio Podlasie Demo", "Gazeta Nadbużańska", "Portal Łomżyński", "Tygodnik Suwalski"]


def plan_institutions(
    ctx: DemoContext, plan: Plan, pool: IdentifierPool, gminas: list[Gmina], powiats: list[Powiat]
) -> None:
    rng = ctx.rng
    bialystok = next(g for g in gminas if g.code == "2061011")
    add(
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
    add(
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
        add(
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
            add(
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
            add(
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
        add(
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
        add(
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
        add(
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
        add(
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
            add(
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
        add(
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
        add(
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


# Each demo OWES: an accreditation that ran out, and the one in force (decision fiction).
ACCREDITATIONS = (
    (
        "DES-II.8040.{n}.2018",
        datetime.date(2018, 11, 20),
        datetime.date(2019, 1, 1),
        datetime.date(2022, 12, 31),
    ),
    (
        "DES-II.8040.{n}.2022",
        datetime.date(2022, 12, 5),
        datetime.date(2023, 1, 1),
        datetime.date(2027, 12, 31),
    ),
)


def accredit_owes(ctx: DemoContext, owes: Organisation, subregion: Subregion) -> None:
    """The OWES's accreditations for ``subregion``, through the service (its rules)."""
    for number, decided, start, end in ACCREDITATIONS:
        owes_accreditation_create(
            actor=ctx.actor,
            organisation=owes,
            subregions=[subregion],
            decision_number=number.format(n=subregion.pk),
            decision_date=decided,
            valid_from=start,
            valid_to=end,
        )
