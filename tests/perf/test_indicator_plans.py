"""The indicators never read the contact–organisation link table (1.2 million rows at ten
years): the support indicators count the year's range of ``ContactLink`` instead (issue 15)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from crm.top.monitoring.indicators import REGISTRY, Labels, Period, compute
from interactions.models import Interaction
from tests.contacts.factories import OrganisationFactory
from tests.perf.plans import nodes, plans_of, postgres_only, seq_scans, whole_index_walks

pytestmark = postgres_only

LINKS = "interactions_interaction_organisations"


def _contacts(year: int, count: int) -> None:
    organisations = [OrganisationFactory() for _ in range(3)]
    first = timezone.make_aware(datetime.datetime(year, 1, 1, 9))
    made = Interaction.objects.bulk_create(
        Interaction(
            kind="consultation" if n % 2 else "phone",
            subject=f"Kontakt {n}",
            duration_minutes=30,
            occurred_at=first + datetime.timedelta(hours=11 * n),
        )
        for n in range(count)
    )
    Interaction.organisations.through.objects.bulk_create(
        Interaction.organisations.through(interaction=i, organisation=o)
        for n, i in enumerate(made)
        for o in organisations[: 1 + n % 3]
    )


def test_no_indicator_reads_the_contact_organisation_links(team_member: Any) -> None:
    for year in (2024, 2025):
        _contacts(year, 400)
    labels = Labels()
    labels.version = None  # counted, not read from the cache

    def count() -> None:
        for key in REGISTRY:
            compute(key, Period(2025), labels)

    found = plans_of(count)
    assert len(found) >= len(REGISTRY)
    assert seq_scans(found, {LINKS}) == []
    assert [walk for _sql, plan in found for walk in whole_index_walks(plan, {LINKS})] == []
    read = [
        sql[:120]
        for sql, plan in found
        for node in nodes(plan)
        if node.get("Relation Name") == LINKS
    ]
    assert read == []
