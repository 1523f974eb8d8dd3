"""Every write of the interactions app; import from here."""

from interactions.services.deletes import (
    event_delete,
    follow_up_delete,
    interaction_delete,
    participation_delete,
)
from interactions.services.digests import (
    follow_up_digest_fail,
    follow_up_digest_send,
    follow_up_digests_dispatch,
    follow_up_digests_retry,
)
from interactions.services.events import (
    event_create,
    event_update,
    participation_register,
    participations_mark,
    participations_mark_attended,
    participations_register_organisations,
)
from interactions.services.follow_ups import (
    follow_up_cancel,
    follow_up_complete,
    follow_up_create,
    follow_up_postpone,
    follow_up_update,
)
from interactions.services.interactions import interaction_log, interaction_update
from interactions.services.topics import topic_create, topic_update

__all__ = [
    "event_create",
    "event_delete",
    "event_update",
    "follow_up_cancel",
    "follow_up_complete",
    "follow_up_create",
    "follow_up_delete",
    "follow_up_digest_fail",
    "follow_up_digest_send",
    "follow_up_digests_dispatch",
    "follow_up_digests_retry",
    "follow_up_postpone",
    "follow_up_update",
    "interaction_delete",
    "interaction_log",
    "interaction_update",
    "participation_delete",
    "participation_register",
    "participations_mark",
    "participations_mark_attended",
    "participations_register_organisations",
    "topic_create",
    "topic_update",
]
