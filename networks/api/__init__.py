"""The networks API: networks, memberships and partnerships (viewsets re-exported for the router).

Thin: serializers validate, the networks services write, the networks selectors read.
"""

from networks.api.memberships import MembershipViewSet, OrganisationMembershipViewSet
from networks.api.networks import NetworkViewSet
from networks.api.partnerships import PartnershipViewSet

__all__ = [
    "MembershipViewSet",
    "NetworkViewSet",
    "OrganisationMembershipViewSet",
    "PartnershipViewSet",
]
