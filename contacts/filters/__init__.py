"""FilterSets of contacts, one module per subject; the list pages and the API share them.

Everything is re-exported here, so ``from contacts.filters import OrganisationFilter`` keeps
working for every page, API and the apps above that extend these lists.
"""

from contacts.filters.common import OrganisationChildFilter
from contacts.filters.organisations import (
    OrganisationFilter,
    active_on_condition,
    by_name,
    identifier_condition,
    organisation_search,
)
from contacts.filters.people import AffiliationFilter, PersonFilter, person_search
from contacts.filters.statuses import (
    EmploymentSnapshotFilter,
    SocialEnterpriseStatusFilter,
    statutory_status_active_on,
    statutory_status_held_on,
)
from contacts.filters.ties import OrganisationLinkFilter, OwesAccreditationFilter

__all__ = [
    "AffiliationFilter",
    "EmploymentSnapshotFilter",
    "OrganisationChildFilter",
    "OrganisationFilter",
    "OrganisationLinkFilter",
    "OwesAccreditationFilter",
    "PersonFilter",
    "SocialEnterpriseStatusFilter",
    "active_on_condition",
    "by_name",
    "identifier_condition",
    "organisation_search",
    "person_search",
    "statutory_status_active_on",
    "statutory_status_held_on",
]
