"""Serializers of the contact-log API: interactions, events, participations, follow-ups."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from contacts.models import Organisation, Person
from contacts.services.linking import people_linkable
from crm import access
from crm.access import Action
from crm.api.listed import listed_many
from crm.api.related import LinkableRelatedField
from crm.api.serializers import ModelSerializer
from crm.api.slugs import AnnotatedSlugRelatedField
from crm.tags.api import tags_field
from crm.territory.models import Gmina
from crm.users import User
from interactions.models import Event, FollowUp, Interaction, Participation, Topic


def _organisations_linkable(user: Any) -> QuerySet[Organisation]:
    # A contact appears on each named organisation's timeline and in its subregion's numbers:
    # an OWES partner names only organisations of their own subregions (every one of them).
    return access.scope(Organisation.objects.all(), user, Action.CHANGE)


def _people_linkable(user: Any) -> QuerySet[Person]:
    return people_linkable(user=user)


ORGANISATION_REFUSED = _("This organisation belongs to another subregion: you may not name it.")
PERSON_REFUSED = _("This person belongs to another subregion: you may not name them here.")


class InteractionSerializer(ModelSerializer[Interaction]):
    tags = tags_field()
    # The list reads each row's links into plain lists (``interactions_listed``).
    organisations = listed_many(
        LinkableRelatedField,
        queryset=Organisation.objects.all(),
        linkable=_organisations_linkable,
        refused=ORGANISATION_REFUSED,
        allow_empty=False,
        help_text=_(
            "At least one; the first is the main one. An OWES partner names only organisations "
            "of their subregions."
        ),
    )
    people = listed_many(
        LinkableRelatedField,
        queryset=Person.objects.all(),
        linkable=_people_linkable,
        refused=PERSON_REFUSED,
        required=False,
    )
    staff = listed_many(
        serializers.PrimaryKeyRelatedField,
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text=_("User ids; defaults to you."),
    )
    topics = listed_many(
        serializers.SlugRelatedField,
        slug_field="slug",
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        help_text=_("Topic slugs."),
    )
    occurred_at = serializers.DateTimeField(required=False, help_text=_("Defaults to now."))

    class Meta:
        model = Interaction
        fields = [
            "id",
            "tags",
            "kind",
            "occurred_at",
            "duration_minutes",
            "subject",
            "notes",
            "outcome",
            "organisations",
            "people",
            "staff",
            "topics",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_by", "created_at", "updated_at"]


class EventSerializer(ModelSerializer[Event]):
    tags = tags_field()
    gmina = AnnotatedSlugRelatedField(
        slug_field="code",
        queryset=Gmina.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Gmina TERC code (7 digits)."),
    )
    participants = serializers.IntegerField(read_only=True)
    attended = serializers.IntegerField(read_only=True)
    no_show = serializers.IntegerField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "tags",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "gmina",
            "address",
            "organiser",
            "description",
            "participants",
            "attended",
            "no_show",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_by", "created_at", "updated_at"]

    def validate_gmina(self, gmina: Gmina | None) -> Gmina | None:
        """An OWES partner may not place (or move) an event outside their subregions."""
        if not access.can(self.context["request"].user, Action.ADD, Event(gmina=gmina)):
            raise exceptions.PermissionDenied(
                gettext("You may not place an event in a gmina outside your subregions.")
            )
        return gmina


class AttendedSerializer(serializers.Serializer[Any]):
    participations = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )


class AttendedResultSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(help_text=_("How many rows changed to attended."))


class ParticipationSerializer(ModelSerializer[Participation]):
    person = LinkableRelatedField(
        queryset=Person.objects.all(),
        linkable=_people_linkable,
        refused=PERSON_REFUSED,
        allow_null=True,
        required=False,
    )

    class Meta:
        model = Participation
        fields = [
            "id",
            "event",
            "person",
            "organisation",
            "status",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []


class ParticipationChangeSerializer(ModelSerializer[Participation]):
    class Meta:
        model = Participation
        fields = ["status", "notes"]


class FollowUpSerializer(ModelSerializer[FollowUp]):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text=_("User id; defaults to you."),
    )
    due_on = serializers.DateField(required=False)
    in_days = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=0,
        max_value=3650,
        help_text=_("Instead of due_on: days after the interaction (or today)."),
    )

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "title",
            "notes",
            "due_on",
            "in_days",
            "assignee",
            "organisation",
            "interaction",
            "event",
            "status",
            "done_at",
            "created_by",
            "assignee_notified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "done_at",
            "created_by",
            "assignee_notified_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "created_by": {"help_text": _("Who gave the task (its author).")},
            "assignee_notified_at": {
                "help_text": _("When the assignee was told by e-mail that the task is theirs.")
            },
        }


class FollowUpChangeSerializer(ModelSerializer[FollowUp]):
    """What changes on an open task; a new ``assignee`` is told by e-mail once."""

    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )

    class Meta:
        model = FollowUp
        fields = ["title", "notes", "due_on", "assignee", "organisation", "interaction", "event"]


class PostponeSerializer(serializers.Serializer[Any]):
    due_on = serializers.DateField(required=False)
    by_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
