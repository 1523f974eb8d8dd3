"""The contact log (interactions), events with participation, follow-ups and their digests.

One module a subject; every name is re-exported here, so ``from interactions.models import X``
and the dotted paths in settings (``interactions.models.EventKind``) keep working.
"""

from interactions.models.digests import DigestStatus, FollowUpDigest
from interactions.models.events import Event, EventKind, Participation, ParticipationStatus
from interactions.models.followups import FollowUp, FollowUpStatus
from interactions.models.log import Interaction, InteractionKind
from interactions.models.topics import Topic

__all__ = [
    "DigestStatus",
    "Event",
    "EventKind",
    "FollowUp",
    "FollowUpDigest",
    "FollowUpStatus",
    "Interaction",
    "InteractionKind",
    "Participation",
    "ParticipationStatus",
    "Topic",
]
