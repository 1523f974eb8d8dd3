"""Demo contact log: the project team, years of interactions, fairs and study visits with
attendance, trainings, and follow-ups (some overdue, some due today).

Runs on the organisations and people already there (nothing happens without them). Rows are
written in bulk with field history, authored by the demo system user; a section that finds its
demo rows already there adds nothing, so a second run changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

from contacts.models import PES_KINDS, Affiliation, Organisation, OrganisationKind
from crm.audit.services import action_log_write
from crm.top.demo.context import DemoContext
from crm.top.demo.interactions.events import seed_events
from crm.top.demo.interactions.follow_ups import seed_follow_ups
from crm.top.demo.interactions.log import seed_interactions
from crm.top.demo.interactions.shapes import SIZES, TEAM
from crm.users import User


def seed(ctx: DemoContext) -> None:
    sample = _organisations(ctx)
    if not sample:
        ctx.say("  interactions: no organisations, nothing to do")
        return
    staff = _team(ctx)
    people = _people_by_organisation([o.pk for o in sample])
    made = {
        "interactions": seed_interactions(ctx, staff, sample, people),
        "events": seed_events(ctx, sample, people),
        "follow_ups": seed_follow_ups(ctx, staff),
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
