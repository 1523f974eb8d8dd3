"""Every write to networks, memberships and partnerships. Each takes ``actor`` and logs it."""

from networks.services.deletes import membership_delete, network_delete
from networks.services.joining import memberships_join_many
from networks.services.memberships import (
    membership_change_role,
    membership_join,
    membership_leave,
    membership_move_representative,
)
from networks.services.networks import network_create, network_update, term_create
from networks.services.partnerships import (
    partnership_add_party,
    partnership_create,
    partnership_remove_party,
    partnership_update,
)

__all__ = [
    "membership_change_role",
    "membership_delete",
    "membership_join",
    "membership_leave",
    "membership_move_representative",
    "memberships_join_many",
    "network_create",
    "network_delete",
    "network_update",
    "partnership_add_party",
    "partnership_create",
    "partnership_remove_party",
    "partnership_update",
    "term_create",
]
