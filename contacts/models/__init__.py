"""contacts' models, one module per sub-domain; Django and the other apps import them from here."""

from contacts.models.kinds import (
    JST_KINDS,
    OPERATED_KINDS,
    PES_KINDS,
    PS_ELIGIBLE_KINDS,
    PUBLIC_KINDS,
    LegalForm,
    OrganisationKind,
    Sector,
    sector_of,
)
from contacts.models.organisations import Organisation
from contacts.models.people import Affiliation, Consent, Person
from contacts.models.statuses import EmploymentSnapshot, SocialEnterpriseStatus
from contacts.saved_views import SavedView

__all__ = [
    "JST_KINDS",
    "OPERATED_KINDS",
    "PES_KINDS",
    "PS_ELIGIBLE_KINDS",
    "PUBLIC_KINDS",
    "Affiliation",
    "Consent",
    "EmploymentSnapshot",
    "LegalForm",
    "Organisation",
    "OrganisationKind",
    "Person",
    "SavedView",
    "Sector",
    "SocialEnterpriseStatus",
    "sector_of",
]
