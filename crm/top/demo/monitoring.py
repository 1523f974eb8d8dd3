"""Demo monitoring data: baselines and targets of the key indicators, strategic documents of
some JST, recommendations of past monitoring years, and PES listed in the public catalogue.

Runs after contacts, networks and interactions. Every piece is keyed (a target per indicator
and year, a document per JST and title, a recommendation per year and text, a listed PES) so a
second run finds it and adds nothing; choices come from ``ctx.rng`` over rows in a fixed order.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from contacts.models import JST_KINDS, PES_KINDS, Organisation, OrganisationKind
from contacts.services import organisation_update
from crm.territory.models import Subregion
from crm.top.demo.context import DemoContext
from crm.top.monitoring import services
from crm.top.monitoring.indicators import Labels, Period, compute
from crm.top.monitoring.models import IndicatorDefinition, Recommendation, StrategicDocument

# Targets grow from the baseline by this share a year (the programme's ambition).
GROWTH = {
    "se_active": Decimal("0.08"),
    "jobs_created": Decimal("0.10"),
    "jobs_created_at_risk": Decimal("0.10"),
    "network_members": Decimal("0.06"),
    "jst_cooperating": Decimal("0.10"),
    "jst_se_documents": Decimal("0.12"),
    "advisory_hours": Decimal("0.05"),
    "pes_active": Decimal("0.03"),
    "event_participants": Decimal("0.05"),
}
DOCUMENTS = [
    (
        StrategicDocument.Kind.SOCIAL_PROBLEMS,
        "Strategia rozwiązywania problemów społecznych",
        7,
        0.7,
    ),
    (StrategicDocument.Kind.DEVELOPMENT, "Strategia rozwoju", 10, 0.35),
    (
        StrategicDocument.Kind.NGO_PROGRAMME,
        "Program współpracy z organizacjami pozarządowymi",
        1,
        0.5,
    ),
]
QUOTES = [
    "Wspieranie rozwoju podmiotów ekonomii społecznej, w tym spółdzielni socjalnych, jako "
    "partnerów w realizacji usług społecznych.",
    "Stosowanie klauzul społecznych w zamówieniach publicznych gminy.",
    "Zlecanie zadań publicznych podmiotom ekonomii społecznej w trybie ustawy o działalności "
    "pożytku publicznego.",
    "Tworzenie miejsc pracy dla osób zagrożonych wykluczeniem społecznym w przedsiębiorstwach "
    "społecznych.",
]
RECOMMENDATIONS = [
    ("Zwiększyć stosowanie klauzul społecznych w zamówieniach JST.", "JST województwa"),
    ("Objąć doradztwem PES bez kontaktu z OWES od ponad roku.", "OWES"),
    ("Włączyć zapisy o ekonomii społecznej do aktualizowanych strategii gmin.", "gminy"),
    ("Upowszechniać zlecanie usług społecznych spółdzielniom socjalnym.", "powiaty"),
    ("Rozwijać sieci współpracy PES w subregionie.", "OWES"),
    ("Wspierać KGW w rozwoju działalności odpłatnej.", "ROPS"),
    ("Organizować wizyty studyjne łączące JST i PES.", "ROPS"),
]
OFFERS: dict[str, list[str]] = {
    OrganisationKind.SOCIAL_COOPERATIVE: [
        "Catering na spotkania i konferencje, obiady abonamentowe.",
        "Usługi porządkowe i utrzymanie zieleni.",
        "Usługi opiekuńcze i asystenckie dla osób starszych.",
        "Pieczywo i wyroby cukiernicze z regionalnych przepisów.",
    ],
    OrganisationKind.KGW: [
        "Regionalne wypieki, sękacz i przetwory na zamówienie.",
        "Obsługa kulinarna festynów i uroczystości.",
    ],
    OrganisationKind.CIS: ["Usługi remontowo-budowlane i stolarskie."],
    OrganisationKind.ZAZ: ["Pralnia i usługi poligraficzne."],
    OrganisationKind.WTZ: ["Rękodzieło: ceramika, wyroby z drewna i tkaniny."],
}
DEFAULT_OFFERS = [
    "Szkolenia, warsztaty i animacja lokalna.",
    "Organizacja wydarzeń kulturalnych i wypoczynku dla dzieci.",
    "Wynajem sali i obsługa spotkań.",
]
LISTED = {"small": 100, "large": 500}


def seed(ctx: DemoContext) -> None:
    if not Organisation.objects.exists():
        return
    # Targets last: their baselines are counted from the documents and recommendations too.
    _documents(ctx)
    _recommendations(ctx)
    _catalogue(ctx)
    _targets(ctx)


def _targets(ctx: DemoContext) -> None:
    base_year = ctx.today.year - 3
    labels = Labels()
    added = 0
    for definition in IndicatorDefinition.objects.filter(code__in=sorted(GROWTH)).order_by("code"):
        baseline = Decimal(compute(definition.query, Period(base_year), labels).value)
        if definition.baseline_value is None:
            services.indicator_definition_update(
                actor=ctx.actor,
                definition=definition,
                baseline_year=base_year,
                baseline_value=baseline,
            )
        start = definition.baseline_value or baseline
        for step, year in enumerate(range(base_year + 1, ctx.today.year + 2), start=1):
            if definition.targets.filter(year=year).exists():
                continue
            value = (start * (1 + GROWTH[definition.code]) ** step).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
            services.indicator_target_set(
                actor=ctx.actor, definition=definition, year=year, value=max(value, Decimal(1))
            )
            added += 1
    ctx.say(f"  indicator targets: {added} new")


def _documents(ctx: DemoContext) -> None:
    jst = list(
        Organisation.objects.filter(kind__in=sorted(JST_KINDS))
        .exclude(kind=OrganisationKind.VOIVODESHIP)
        .order_by("search_name", "pk")
    )
    existing = set(StrategicDocument.objects.values_list("organisation_id", "title"))
    added = 0
    for organisation in jst:
        if ctx.rng.random() > 0.6:
            continue
        for kind, title, years, se_share in DOCUMENTS:
            if ctx.rng.random() > 0.7:
                continue
            adopted = datetime.date(ctx.rng.randint(2017, ctx.today.year - 1), 1, 1) + (
                datetime.timedelta(days=ctx.rng.randint(0, 300))
            )
            valid_until = datetime.date(adopted.year + years - 1, 12, 31)
            full_title = f"{title} — {organisation.name} {adopted.year}–{valid_until.year}"
            has_se = ctx.rng.random() < se_share
            quote = ctx.rng.choice(QUOTES) if has_se else ""
            if (organisation.pk, full_title) in existing:
                continue
            services.strategic_document_create(
                actor=ctx.actor,
                organisation=organisation,
                title=full_title,
                kind=kind,
                adopted_on=adopted,
                valid_until=valid_until,
                has_se_provisions=has_se,
                quote=quote,
            )
            added += 1
    ctx.say(f"  strategic documents: {added} new")


def _recommendations(ctx: DemoContext) -> None:
    subregions = list(Subregion.objects.order_by("slug"))
    existing = set(Recommendation.objects.values_list("monitoring_year", "text"))
    added = 0
    for year in range(ctx.today.year - 3, ctx.today.year):
        for text, addressee in ctx.rng.sample(RECOMMENDATIONS, 4):
            age = ctx.today.year - year
            roll = ctx.rng.random()
            status = (
                Recommendation.Status.IMPLEMENTED
                if roll < 0.25 * age
                else Recommendation.Status.REJECTED
                if roll > 0.92
                else Recommendation.Status.ACCEPTED
                if roll > 0.5
                else Recommendation.Status.PROPOSED
            )
            implemented_on = (
                datetime.date(year + 1, ctx.rng.randint(2, 12), 1)
                if status == Recommendation.Status.IMPLEMENTED
                else None
            )
            if implemented_on and implemented_on > ctx.today:
                implemented_on = ctx.today
            subregion = ctx.rng.choice([None, *subregions])
            # Every draw above happens for rows already there too: the sequence stays the same.
            if (year, text) in existing:
                continue
            services.recommendation_create(
                actor=ctx.actor,
                monitoring_year=year,
                text=text,
                addressee=addressee,
                subregion=subregion,
                status=status,
                implemented_on=implemented_on,
            )
            added += 1
    ctx.say(f"  recommendations: {added} new")


def _catalogue(ctx: DemoContext) -> None:
    wanted = LISTED.get(ctx.size, LISTED["small"])
    listed = Organisation.objects.filter(is_public=True).count()
    if listed >= wanted:
        ctx.say(f"  catalogue: {listed} listed already")
        return
    candidates = list(
        Organisation.objects.filter(
            kind__in=sorted(PES_KINDS), is_public=False, closed_on__isnull=True
        )
        .order_by("search_name", "pk")
        .values_list("pk", flat=True)[: wanted * 20]
    )
    chosen = sorted(ctx.rng.sample(candidates, min(wanted - listed, len(candidates))))
    for organisation in Organisation.objects.filter(pk__in=chosen).order_by("pk"):
        offer = organisation.offer or ctx.rng.choice(OFFERS.get(organisation.kind, DEFAULT_OFFERS))
        organisation_update(
            actor=ctx.actor,
            organisation=organisation,
            reason="demo: listed in the public catalogue",
            is_public=True,
            offer=offer,
        )
    ctx.say(f"  catalogue: {len(chosen)} PES listed")
