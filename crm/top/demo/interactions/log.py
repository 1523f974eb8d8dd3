"""Demo interactions: years of contacts with PES and the public bodies they work with."""

from __future__ import annotations

import datetime
from typing import Any

from simple_history.utils import bulk_create_with_history

from contacts.models import PES_KINDS, Organisation
from crm.top.demo.context import DemoContext
from crm.top.demo.interactions.shapes import (
    DURATIONS,
    KIND_WEIGHTS,
    SIZES,
    SUBJECTS,
    YEARS,
    moment,
    workday,
)
from crm.users import Role, User
from interactions.models import Interaction, Topic


def seed_interactions(
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
                    occurred_at=moment(rng, workday(rng, datetime.date(year, 1, 2), last)),
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
