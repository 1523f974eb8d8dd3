"""HTML pages of organisations and people."""

from contacts.views.deleting import (
    affiliation_delete,
    employment_delete,
    organisation_delete,
    person_delete,
    ps_status_delete,
)
from contacts.views.links import organisation_link_add
from contacts.views.merge import (
    organisation_merge,
    organisation_merge_confirm,
    organisation_merge_undo,
)
from contacts.views.notices import person_notice_email, person_notice_record
from contacts.views.organisations import (
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
    organisation_suggest,
)
from contacts.views.owes import owes_accreditation_add
from contacts.views.people import (
    person_add,
    person_anonymise,
    person_consent_add,
    person_detail,
    person_edit,
    person_export,
    person_gdpr,
    person_list,
    person_restrict,
)
from contacts.views.person_merge import person_merge, person_merge_confirm, person_merge_undo
from contacts.views.statuses import ps_status_add

__all__ = [
    "affiliation_delete",
    "employment_delete",
    "organisation_create",
    "organisation_delete",
    "organisation_detail",
    "organisation_edit",
    "organisation_link_add",
    "organisation_list",
    "organisation_merge",
    "organisation_merge_confirm",
    "organisation_merge_undo",
    "organisation_suggest",
    "owes_accreditation_add",
    "person_add",
    "person_anonymise",
    "person_consent_add",
    "person_delete",
    "person_detail",
    "person_edit",
    "person_export",
    "person_gdpr",
    "person_list",
    "person_merge",
    "person_merge_confirm",
    "person_merge_undo",
    "person_notice_email",
    "person_notice_record",
    "person_restrict",
    "ps_status_add",
    "ps_status_delete",
]
