"""Merging duplicates (organisations, people) so that nothing is lost, and undoing a merge."""

from contacts.services.merging.organisations import organisation_merge
from contacts.services.merging.people import person_merge, person_merge_decisions
from contacts.services.merging.plan import merge_decisions
from contacts.services.merging.undo import organisation_merge_undo, person_merge_undo

__all__ = [
    "merge_decisions",
    "organisation_merge",
    "organisation_merge_undo",
    "person_merge",
    "person_merge_decisions",
    "person_merge_undo",
]
