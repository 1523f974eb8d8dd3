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
from contacts.models.links import SIDE_LABELS, LinkKind, OrganisationLink
from contacts.models.merges import UNDO_DAYS, OrganisationMerge, PersonMerge
from contacts.models.notices import NoticeExemption, NoticeMethod, NoticeStatus, PrivacyNotice
from contacts.models.organisations import Organisation
from contacts.models.owes import OwesAccreditation
from contacts.models.people import Affiliation, Consent, Person, notice_due_from
from contacts.models.statuses import EmploymentSnapshot, SocialEnterpriseStatus

__all__ = [
    "JST_KINDS",
    "OPERATED_KINDS",
    "PES_KINDS",
    "PS_ELIGIBLE_KINDS",
    "PUBLIC_KINDS",
    "SIDE_LABELS",
    "UNDO_DAYS",
    "Affiliation",
    "Consent",
    "EmploymentSnapshot",
    "LegalForm",
    "LinkKind",
    "NoticeExemption",
    "NoticeMethod",
    "NoticeStatus",
    "Organisation",
    "OrganisationKind",
    "OrganisationLink",
    "OrganisationMerge",
    "OwesAccreditation",
    "Person",
    "PersonMerge",
    "PrivacyNotice",
    "Sector",
    "SocialEnterpriseStatus",
    "notice_due_from",
    "sector_of",
]
