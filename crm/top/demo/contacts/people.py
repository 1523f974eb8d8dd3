"""Demo people with affiliations, PS status histories and employment snapshots."""

from __future__ import annotations

import datetime
from typing import Any

from simple_history.utils import bulk_create_with_history

from contacts.models import (
    OPERATED_KINDS,
    PS_ELIGIBLE_KINDS,
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    OrganisationKind,
    Person,
    SocialEnterpriseStatus,
)
from crm.territory.models import Subregion
from crm.top.demo import names
from crm.top.demo.contacts.institutions import accredit_owes
from crm.top.demo.contacts.plan import Plan
from crm.top.demo.context import DemoContext

K = OrganisationKind


def _unit_key(operator_id: int | None, unit: Organisation) -> tuple[Any, ...]:
    return (operator_id, unit.kind, unit.search_name, unit.gmina_id)


def seed_people(ctx: DemoContext, plan: Plan) -> None:
    rng = ctx.rng
    saved = {
        (o.nip or o.name): o
        for o in Organisation.objects.filter(created_by=ctx.actor).only(
            "id", "nip", "name", "kind", "search_name", "gmina_id"
        )
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
            accredit_owes(ctx, stored, Subregion.objects.get(pk=extras["serves"]))
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
            # The planned row knows when it closed (the stored one was read without it).
            statuses.extend(s for s in history if _lawful(s, stored.kind, org.closed_on))
            # Drawn as before (the rest of the demo stays the same), kept only if lawful.
            if history or rng.random() < 0.2:
                snapshots.extend(_employment(ctx, stored))
    # Units the name-keyed plan could not tell apart (a CIS in the town and one in the rural
    # gmina, both "Suwałki") get an operator too: every WTZ, ZAZ, CIS and KIS has one. Chosen
    # without the generator, so the rest of the demo stays as it was.
    # Two units of one kind, name and gmina need two operators (organisation_unit_unique): the
    # first operator from the unit's own place in the list that runs no such unit yet. (The
    # place comes from the id, which on PostgreSQL depends on what was written before.)
    assigned = {o.pk for o in operated_updates}
    taken = {_unit_key(o.operator_id, o) for o in operated_updates}
    for unit in Organisation.objects.filter(
        created_by=ctx.actor, kind__in=sorted(OPERATED_KINDS), operator__isnull=True
    ).order_by("pk"):
        if unit.pk in assigned or not operators:
            continue
        start = unit.pk % len(operators)
        for step in range(len(operators)):
            operator = operators[(start + step) % len(operators)]
            if _unit_key(operator.pk, unit) not in taken:
                break
        unit.operator = operator
        taken.add(_unit_key(operator.pk, unit))
        operated_updates.append(unit)
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


def _lawful(status: SocialEnterpriseStatus, kind: str, closed: datetime.date | None) -> bool:
    """The rules of the Act the services hold (``manage.py check_data`` finds nothing): a
    statutory status only for the kinds of art. 3, nothing granted once the organisation
    closed."""
    if status.kind == SocialEnterpriseStatus.Kind.STATUTORY and kind not in PS_ELIGIBLE_KINDS:
        return False
    return closed is None or status.granted_on < closed


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
