"""The isolated PES: no membership, partnership or contact in the last 12 months."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from contacts.models import PES_KINDS, Organisation
from crm import access
from interactions.models import Interaction
from networks.models import Membership, PartnershipParty


def isolated_pes(
    *, user: Any, on: datetime.date | None = None, subregion: str | None = None
) -> QuerySet[Organisation]:
    """Active PES with no network membership covering any day of the 12 months up to ``on``,
    no partnership in force in them and no logged contact in them — a worklist, by subregion
    and name, with ``last_contact_at`` (their latest contact ever, or None)."""
    on = on or timezone.localdate()
    since = on - datetime.timedelta(days=365)
    since_instant = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    through = Interaction.organisations.through
    member = Membership.objects.filter(organisation=OuterRef("pk"), joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=since)
    )
    partner = PartnershipParty.objects.filter(
        organisation=OuterRef("pk"), partnership__starts_on__lte=on
    ).filter(Q(partnership__ends_on__isnull=True) | Q(partnership__ends_on__gte=since))
    contacted = through.objects.filter(
        organisation=OuterRef("pk"), interaction__occurred_at__gte=since_instant
    )
    last_contact = (
        through.objects.filter(organisation=OuterRef("pk"))
        .order_by("-interaction__occurred_at")
        .values("interaction__occurred_at")[:1]
    )
    organisations = (
        access.scope(Organisation.objects.all(), user)
        .filter(kind__in=sorted(PES_KINDS))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .exclude(Exists(member))
        .exclude(Exists(partner))
        .exclude(Exists(contacted))
    )
    if subregion:
        organisations = organisations.filter(gmina__subregion__slug=subregion)
    return (
        organisations.annotate(last_contact_at=Subquery(last_contact))
        .select_related("gmina", "gmina__subregion")
        .order_by("gmina__subregion__name", "name", "pk")
    )
