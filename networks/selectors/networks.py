"""Networks as the lists show them: with the number of their members today."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from crm.access import scope
from networks.models import Membership, Network


def members_count_on(day: datetime.date) -> Coalesce:
    """The number of organisations in the network (``OuterRef("pk")``) on ``day``.

    A correlated count per network on the (network, joined_on, left_on) index, read from the
    index alone, not a join of every membership grouped by network. One organisation's periods
    in one network never overlap (an exclusion constraint), so rows are organisations and no
    DISTINCT (a sort) is needed.
    """
    current = (
        Membership.objects.filter(network=OuterRef("pk"), joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(current, output_field=IntegerField()), 0)


def networks_with_counts(*, user: Any, today: datetime.date) -> QuerySet[Network]:
    """Networks with ``members`` (organisations in them today), open ones first."""
    return (
        scope(Network.objects.all(), user)
        .select_related("subregion", "coordinator")
        .annotate(members=members_count_on(today))
        .order_by("closed_on", "name")
    )
