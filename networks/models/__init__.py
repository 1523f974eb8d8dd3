"""Networks and committees, who belongs to them and when, and partnerships between organisations.

Dates of a membership follow one rule everywhere: ``joined_on`` is the first day as a member and
``left_on`` is the first day *outside* (a member who left on D is not a member on D). A
partnership's ``ends_on`` is different: it is the last day of the agreement, as written in it.

One module a subject; every name is re-exported here, so ``from networks.models import X`` and
the dotted paths in settings (``networks.models.NetworkKind``) keep working.
"""

from networks.models.memberships import OVERLAP_MESSAGE, Membership, MembershipRole
from networks.models.networks import Network, NetworkKind, Term
from networks.models.partnerships import (
    Partnership,
    PartnershipKind,
    PartnershipParty,
    PartnershipStatus,
    PartyRole,
)

__all__ = [
    "OVERLAP_MESSAGE",
    "Membership",
    "MembershipRole",
    "Network",
    "NetworkKind",
    "Partnership",
    "PartnershipKind",
    "PartnershipParty",
    "PartnershipStatus",
    "PartyRole",
    "Term",
]
