"""The public catalogue's count and its kinds are read from the listed organisations' own index.

On the ten-year data each was a parallel scan of the 37 MB organisation table (75-90 ms of the
page's 270 ms); from the partial index of the public ones, 7-12 ms.
"""

from __future__ import annotations

import datetime

from contacts.models import Organisation, SocialEnterpriseStatus
from crm.top.monitoring.catalogue import catalogue_kinds, catalogue_search
from tests.perf.plans import plans_of, postgres_only, seq_scans, shape

pytestmark = postgres_only


def test_the_catalogue_counts_and_lists_kinds_from_the_public_organisations_index(
    db: None,
) -> None:
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Podmiot {n}",
            search_name=f"podmiot {n}",
            kind="association" if n % 3 else "business",
            is_public=n % 4 == 0,
        )
        for n in range(3000)
    )
    SocialEnterpriseStatus.objects.bulk_create(
        SocialEnterpriseStatus(
            organisation=organisation, kind="statutory", granted_on=datetime.date(2024, 1, 1)
        )
        for organisation in organisations[::5]
    )

    def catalogue() -> None:
        assert catalogue_search().count() > 0
        assert catalogue_kinds()

    found = [(sql, plan) for sql, plan in plans_of(catalogue) if "contacts_organisation" in sql]
    assert len(found) == 2
    assert not seq_scans(found)
    for _sql, plan in found:
        assert "organisation_public" in shape(plan), shape(plan)
