"""The contacts API: ``records`` (organisations, people, affiliations, PS statuses, employment)
and ``ties`` (OWES accreditations, ties between organisations)."""

from contacts.api.records import (
    AffiliationViewSet,
    EmploymentSnapshotViewSet,
    OrganisationViewSet,
    PersonViewSet,
    SocialEnterpriseStatusViewSet,
)
from contacts.api.ties import OrganisationLinkViewSet, OwesAccreditationViewSet

__all__ = [
    "AffiliationViewSet",
    "EmploymentSnapshotViewSet",
    "OrganisationLinkViewSet",
    "OrganisationViewSet",
    "OwesAccreditationViewSet",
    "PersonViewSet",
    "SocialEnterpriseStatusViewSet",
]
