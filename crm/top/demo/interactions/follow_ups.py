"""Demo follow-ups: done, open, some overdue and some due today."""

from __future__ import annotations

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from crm.top.demo.context import DemoContext
from crm.users import Role, User
from interactions.models import FollowUp, FollowUpStatus, Interaction


def seed_follow_ups(ctx: DemoContext, staff: list[User]) -> int:
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
