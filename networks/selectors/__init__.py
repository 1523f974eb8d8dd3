"""Every read of networks, memberships and partnerships; each starts from ``crm.access.scope``."""

from networks.selectors.growth import GrowthPoint, network_growth, periods
from networks.selectors.memberships import (
    Retention,
    active_on,
    members_on,
    network_memberships,
    organisation_memberships,
    retention,
)
from networks.selectors.networks import members_count_on, networks_with_counts
from networks.selectors.partnerships import (
    PARTIES_LISTED,
    JstPesRow,
    YearCount,
    jst_pes_partnerships,
    organisation_partnerships,
    organisation_partnerships_per_year,
    partnership_list,
    partnership_parties_attach,
    status_annotation,
)

__all__ = [
    "PARTIES_LISTED",
    "GrowthPoint",
    "JstPesRow",
    "Retention",
    "YearCount",
    "active_on",
    "jst_pes_partnerships",
    "members_count_on",
    "members_on",
    "network_growth",
    "network_memberships",
    "networks_with_counts",
    "organisation_memberships",
    "organisation_partnerships",
    "organisation_partnerships_per_year",
    "partnership_list",
    "partnership_parties_attach",
    "periods",
    "retention",
    "status_annotation",
]
