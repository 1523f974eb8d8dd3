"""Demo organisations of podlaskie: every kind, every gmina, people, PS statuses, employment.

Written in bulk (the large set has 100,000 organisations) with field history, and keyed on
deterministic identifiers so that a second run finds everything and adds nothing.
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from contacts.models import Organisation
from crm.audit.services import action_log_write
from crm.territory.models import Gmina, Powiat
from crm.top.demo.contacts.entities import plan_pes_and_business
from crm.top.demo.contacts.institutions import plan_institutions
from crm.top.demo.contacts.people import seed_people
from crm.top.demo.contacts.plan import Plan
from crm.top.demo.context import DemoContext
from crm.top.demo.identifiers import IdentifierPool


def seed(ctx: DemoContext) -> None:
    gminas = list(Gmina.objects.select_related("powiat").filter(valid_to__isnull=True))
    powiats = list(Powiat.objects.filter(valid_to__isnull=True))
    pool = IdentifierPool(ctx.rng)
    plan = Plan()
    plan_institutions(ctx, plan, pool, gminas, powiats)
    plan_pes_and_business(ctx, plan, pool, gminas)
    planned = len(plan.organisations)
    created = _create_missing(ctx, plan)
    ctx.say(f"  organisations: {created} new, {planned - created} already there")
    if created:
        seed_people(ctx, plan)
        action_log_write(
            actor=ctx.actor, verb="crm.top.demo.seeded", details={"organisations": created}
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
