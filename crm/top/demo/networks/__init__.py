"""Demo networks of podlaskie: the ROPS–OWES network, a PES network per subregion, RKRES with its
terms, thematic networks and a cluster, and JST–PES partnerships.

Memberships follow a programme's life, not a straight line: recruitment peaks after the yearly
fair and with the new EU programme (2023), a dip in 2020, members leaving and some coming back.
Idempotent: a network that already has members, a term that has appointees and a partnership
whose title exists are left alone. Each network and section draws from its own random stream
(seeded from ``ctx.rng``), so what a second run skips does not shift what it would make. The
many memberships and partnerships are written in bulk (with field history); networks, terms and
the RKRES appointments go through the services.
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from contacts.models import JST_KINDS, PES_KINDS, Organisation
from crm.audit.services import action_log_write
from crm.top.demo.context import DemoContext
from crm.top.demo.networks.memberships import networks_and_members, rops_and_owes
from crm.top.demo.networks.partnerships import seed_partnerships
from crm.top.demo.networks.rkres import seed_rkres
from crm.top.demo.networks.streams import start_streams
from networks.models import Membership


def seed(ctx: DemoContext) -> None:
    start_streams(ctx)
    rops, owes = rops_and_owes(ctx)
    pes = list(
        Organisation.objects.filter(kind__in=PES_KINDS)
        .select_related("gmina")
        .order_by("search_name", "id")
    )
    jst = list(
        Organisation.objects.filter(kind__in=JST_KINDS)
        .select_related("gmina")
        .order_by("search_name", "id")
    )
    memberships = networks_and_members(ctx, rops, owes, pes, jst)
    bulk_create_with_history(
        memberships,
        Membership,
        batch_size=2000,
        default_user=ctx.actor,
        default_change_reason="demo data",
    )
    appointed = seed_rkres(ctx, rops, owes, pes, jst)
    partnerships = seed_partnerships(ctx, pes, jst)
    ctx.say(
        f"  networks: {len(memberships)} memberships, {appointed} RKRES appointments, "
        f"{partnerships} partnerships added"
    )
    if memberships or partnerships:
        action_log_write(
            actor=ctx.actor,
            verb="crm.top.demo.seeded",
            details={"memberships": len(memberships), "partnerships": partnerships},
        )
