"""API for the contact log, events, participations and follow-ups.

Thin: serializers validate, the interactions services write, the selectors read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.models import Organisation, Person
from crm import access
from crm.access import Action
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from crm.territory.models import Gmina
from crm.users import User
from interactions import selectors, services
from interactions.filters import EventFilter, FollowUpFilter, InteractionFilter, ParticipationFilter
from interactions.models import Event, FollowUp, Interaction, Participation, Topic

# --- serializers ---------------------------------------------------------------------------


def _many(queryset: QuerySet[Any], **kwargs: Any) -> Any:
    return serializers.PrimaryKeyRelatedField(queryset=queryset, many=True, **kwargs)


class InteractionSerializer(serializers.ModelSerializer[Interaction]):
    organisations = _many(
        Organisation.objects.all(),
        allow_empty=False,
        help_text=_("At least one; the first is the main one."),
    )
    people = _many(Person.objects.all(), required=False)
    staff = _many(
        User.objects.filter(is_active=True),
        required=False,
        help_text=_("User ids; defaults to you."),
    )
    topics = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Topic.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text=_("Topic slugs."),
    )
    occurred_at = serializers.DateTimeField(required=False, help_text=_("Defaults to now."))

    class Meta:
        model = Interaction
        fields = [
            "id",
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


class EventSerializer(serializers.ModelSerializer[Event]):
    gmina = serializers.SlugRelatedField(
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


class ParticipationSerializer(serializers.ModelSerializer[Participation]):
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


class ParticipationChangeSerializer(serializers.ModelSerializer[Participation]):
    class Meta:
        model = Participation
        fields = ["status", "notes"]


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
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
            "status",
            "done_at",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "done_at", "created_by", "created_at", "updated_at"]


class PostponeSerializer(serializers.Serializer[Any]):
    due_on = serializers.DateField(required=False)
    by_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


# --- views ---------------------------------------------------------------------------------

_TAG = ["contact log"]


def _deleted(summary: Any, description: Any) -> Any:
    """The schema of a delete: managers and administrators only; 409 when records need it."""
    return extend_schema(
        summary=summary,
        description=description,
        responses={204: OpenApiResponse(description=_("Deleted (its field history is kept)."))},
        tags=_TAG,
    )


@extend_schema_view(
    list=extend_schema(summary=_("List interactions (the contact log)"), tags=_TAG),
    retrieve=extend_schema(summary=_("One interaction"), tags=_TAG),
    create=extend_schema(summary=_("Log an interaction"), tags=_TAG),
    update=extend_schema(summary=_("Change an interaction"), tags=_TAG),
    partial_update=extend_schema(summary=_("Change some fields of an interaction"), tags=_TAG),
    destroy=_deleted(
        _("Delete an interaction"),
        _(
            "Managers and administrators only, for an entry made by mistake; its follow-ups "
            "stay. Refused with 409 when a partnership came out of it."
        ),
    ),
)
class InteractionViewSet(
    ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Interaction.objects.prefetch_related(
        "organisations", "people", "staff", "topics"
    ).order_by("-occurred_at", "-id")
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter

    def service_create(self, data: dict[str, Any]) -> Interaction:
        organisations = data.pop("organisations")
        return services.interaction_log(
            actor=self.request.user,
            organisation=organisations[0],
            organisations=organisations[1:],
            **data,
        )

    def service_update(self, instance: Interaction, data: dict[str, Any]) -> Interaction:
        return services.interaction_update(actor=self.request.user, interaction=instance, **data)

    def service_delete(self, instance: Interaction) -> None:
        services.interaction_delete(actor=self.request.user, interaction=instance)


@extend_schema_view(
    list=extend_schema(summary=_("List events, with participant counts"), tags=_TAG),
    retrieve=extend_schema(summary=_("One event"), tags=_TAG),
    create=extend_schema(summary=_("Add an event"), tags=_TAG),
    update=extend_schema(summary=_("Change an event"), tags=_TAG),
    partial_update=extend_schema(summary=_("Change some fields of an event"), tags=_TAG),
    destroy=_deleted(
        _("Delete an event"),
        _(
            "Managers and administrators only; its invitations and registrations go with it. "
            "Refused with 409 when someone attended it or a partnership came out of it."
        ),
    ),
)
class EventViewSet(ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    access_actions = {"attended": Action.CHANGE}

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.events_with_counts(user=self.request.user)

    def service_create(self, data: dict[str, Any]) -> Event:
        return services.event_create(actor=self.request.user, **data)

    def service_update(self, instance: Event, data: dict[str, Any]) -> Event:
        return services.event_update(actor=self.request.user, event=instance, **data)

    def service_delete(self, instance: Event) -> None:
        services.event_delete(actor=self.request.user, event=instance)

    @extend_schema(
        summary=_("Mark participations of the event as attended"),
        request=AttendedSerializer,
        responses={200: AttendedResultSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="attended")
    def attended(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        payload = AttendedSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        marked = services.participations_mark_attended(
            actor=request.user,
            event=event,
            participation_ids=payload.validated_data["participations"],
        )
        return Response({"marked": marked})


@extend_schema_view(
    list=extend_schema(summary=_("List participations in events"), tags=_TAG),
    retrieve=extend_schema(summary=_("One participation"), tags=_TAG),
    create=extend_schema(
        summary=_("Register a person and / or an organisation for an event"),
        description=_("Registering someone already on the list changes their status."),
        tags=_TAG,
    ),
    update=extend_schema(
        summary=_("Change the status of a participation"),
        request=ParticipationChangeSerializer,
        responses={200: ParticipationSerializer},
        tags=_TAG,
    ),
    partial_update=extend_schema(
        summary=_("Change the status of a participation"),
        request=ParticipationChangeSerializer,
        responses={200: ParticipationSerializer},
        tags=_TAG,
    ),
    destroy=_deleted(
        _("Delete a participation"),
        _("Managers and administrators only, for an entry made by mistake."),
    ),
)
class ParticipationViewSet(
    ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Participation.objects.select_related("event").order_by("event", "id")
    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in ("update", "partial_update"):
            return ParticipationChangeSerializer
        return ParticipationSerializer

    def service_create(self, data: dict[str, Any]) -> Participation:
        return services.participation_register(actor=self.request.user, **data)

    def service_update(self, instance: Participation, data: dict[str, Any]) -> Participation:
        return services.participation_register(
            actor=self.request.user,
            event=instance.event,
            person=instance.person,
            organisation=instance.organisation,
            status=data.get("status", instance.status),
            notes=data.get("notes", ""),
        )

    def service_delete(self, instance: Participation) -> None:
        services.participation_delete(actor=self.request.user, participation=instance)


@extend_schema_view(
    list=extend_schema(
        summary=_("List follow-ups"),
        description=_("Managers see everyone's; others see those assigned to or made by them."),
        tags=_TAG,
    ),
    retrieve=extend_schema(summary=_("One follow-up"), tags=_TAG),
    create=extend_schema(summary=_("Add a follow-up (a next step with a due date)"), tags=_TAG),
    destroy=_deleted(
        _("Delete a follow-up"),
        _("Managers and administrators only; a step no longer needed is cancelled instead."),
    ),
)
class FollowUpViewSet(ServiceCreateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = FollowUp.objects.select_related("assignee").order_by("due_on", "id")
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    access_actions = {"complete": Action.CHANGE, "postpone": Action.CHANGE, "cancel": Action.CHANGE}

    def get_queryset(self) -> QuerySet[FollowUp]:
        queryset = super().get_queryset()
        user = self.request.user
        if access.has_capability(user, "follow_ups.see_all"):
            return queryset
        return queryset.filter(Q(assignee=user) | Q(created_by=user))

    def service_create(self, data: dict[str, Any]) -> FollowUp:
        return services.follow_up_create(actor=self.request.user, **data)

    def service_delete(self, instance: FollowUp) -> None:
        services.follow_up_delete(actor=self.request.user, follow_up=instance)

    def _change(self, request: Request, change: Any, payload_class: Any = None) -> Response:
        follow_up = self.get_object()
        data: dict[str, Any] = {}
        if payload_class is not None:
            payload = payload_class(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
        follow_up = change(actor=request.user, follow_up=follow_up, **data)
        return Response(self.output(follow_up))

    @extend_schema(
        summary=_("Mark a follow-up done"),
        request=None,
        responses={200: FollowUpSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="complete")
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.follow_up_complete)

    @extend_schema(
        summary=_("Postpone a follow-up"),
        request=PostponeSerializer,
        responses={200: FollowUpSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="postpone")
    def postpone(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.follow_up_postpone, PostponeSerializer)

    @extend_schema(
        summary=_("Cancel a follow-up"),
        request=CancelSerializer,
        responses={200: FollowUpSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.follow_up_cancel, CancelSerializer)
