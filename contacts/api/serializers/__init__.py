"""Serializers of the contacts API, one module per subject as its views (``records``,
``ties``): explicit fields, validation only; writes go to services."""

from contacts.api.serializers.organisations import (
    OrganisationLookupSerializer,
    OrganisationSerializer,
)
from contacts.api.serializers.people import (
    AffiliationBriefSerializer,
    AffiliationEndSerializer,
    AffiliationSerializer,
    PersonRestrictionSerializer,
    PersonSerializer,
)
from contacts.api.serializers.statuses import (
    EmploymentSnapshotSerializer,
    SocialEnterpriseStatusSerializer,
    StatusLoseSerializer,
)
from contacts.api.serializers.ties import (
    LinkEndSerializer,
    OrganisationLinkSerializer,
    OwesAccreditationSerializer,
)

__all__ = [
    "AffiliationBriefSerializer",
    "AffiliationEndSerializer",
    "AffiliationSerializer",
    "EmploymentSnapshotSerializer",
    "LinkEndSerializer",
    "OrganisationLinkSerializer",
    "OrganisationLookupSerializer",
    "OrganisationSerializer",
    "OwesAccreditationSerializer",
    "PersonRestrictionSerializer",
    "PersonSerializer",
    "SocialEnterpriseStatusSerializer",
    "StatusLoseSerializer",
]
