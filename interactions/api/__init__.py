"""The contact-log API: interactions, events, participations, follow-ups (viewsets re-exported).

Thin: serializers validate, the interactions services write, the selectors read.
"""

from interactions.api.events import EventViewSet, ParticipationViewSet
from interactions.api.follow_ups import FollowUpViewSet
from interactions.api.interactions import InteractionViewSet

__all__ = ["EventViewSet", "FollowUpViewSet", "InteractionViewSet", "ParticipationViewSet"]
