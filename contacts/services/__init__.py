"""Every write to organisations and people. Each takes ``actor`` and records who did what."""

from contacts.services.organisations import (
    employment_record,
    organisation_create,
    organisation_update,
    ps_status_grant,
    ps_status_lose,
)
from contacts.services.people import (
    affiliation_create,
    affiliation_end,
    person_create,
    person_update,
)

__all__ = [
    "affiliation_create",
    "affiliation_end",
    "employment_record",
    "organisation_create",
    "organisation_update",
    "person_create",
    "person_update",
    "ps_status_grant",
    "ps_status_lose",
]
