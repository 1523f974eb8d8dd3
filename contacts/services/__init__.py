"""Every write to organisations and people. Each takes ``actor`` and records who did what."""

from contacts.services.deletes import (
    affiliation_delete,
    employment_delete,
    organisation_delete,
    person_delete,
    ps_status_delete,
)
from contacts.services.erasure import person_anonymise
from contacts.services.gdpr import (
    consent_record,
    consent_withdraw,
    person_export,
    person_restrict,
)
from contacts.services.links import (
    organisation_link_create,
    organisation_link_delete,
    organisation_link_end,
)
from contacts.services.merging import (
    organisation_merge,
    organisation_merge_undo,
    person_merge,
    person_merge_undo,
)
from contacts.services.organisations import (
    employment_record,
    organisation_create,
    organisation_update,
    ps_status_grant,
    ps_status_lose,
)
from contacts.services.owes import (
    owes_accreditation_create,
    owes_accreditation_delete,
    owes_accreditation_update,
)
from contacts.services.people import (
    affiliation_create,
    affiliation_end,
    person_create,
    person_update,
)

__all__ = [
    "affiliation_create",
    "affiliation_delete",
    "affiliation_end",
    "consent_record",
    "consent_withdraw",
    "employment_delete",
    "employment_record",
    "organisation_create",
    "organisation_delete",
    "organisation_link_create",
    "organisation_link_delete",
    "organisation_link_end",
    "organisation_merge",
    "organisation_merge_undo",
    "organisation_update",
    "owes_accreditation_create",
    "owes_accreditation_delete",
    "owes_accreditation_update",
    "person_anonymise",
    "person_create",
    "person_delete",
    "person_export",
    "person_merge",
    "person_merge_undo",
    "person_restrict",
    "person_update",
    "ps_status_delete",
    "ps_status_grant",
    "ps_status_lose",
]
