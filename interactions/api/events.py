"""Events and their participations over the API, with the attendance list."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from crm.access import Action
from crm.api.slugs import annotated_slug
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from crm.tags.api import TagWritesMixin, tags_prefetch
from interactions import selectors, services
from interactions.api.schema import TAG, deleted
from interactions.api.serializers import (
    AttendedResultSerializer,
    AttendedSerializer,
    EventSerializer,
    ParticipationChangeSerializer,
    ParticipationSerializer,
)
from interactions.filters import EventFilter, ParticipationFilter
from interactions.models import Event, Participation


@extend_schema_view(
    list=extend_schema(summary=_("List events, with participant counts"), tags=TAG),
    retrieve=extend_schema(summary=_("One event"), tags=TAG),
    create=extend_schema(summary=_("Add an event"), tags=TAG),
    update=extend_schema(summary=_("Change an event"), tags=TAG),
    partial_update=extend_schema(summary=_("Change some fields of an event"), tags=TAG),
    destroy=deleted(
        _("Delete an event"),
        _(
            "Managers and administrators only; its invitations and registrations go with it. "
            "Refused with 409 when someone attended it or a partnership came out of it."
        ),
    ),
)
class EventViewSet(
    TagWritesMixin, ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    export_name = "events"
    access_actions = {"attended": Action.CHANGE}

    def get_queryset(self) -> QuerySet[Event]:
        # The list shows the organiser's id and the gmina's code only: no organisation or gmina
        # built for each row (a gmina was 3-5 ms of CPU on a page of 200).
        return (
            selectors.events_with_counts(user=self.request.user)
            .select_related(None)
            .annotate(**{annotated_slug("gmina", "code"): F("gmina__code")})
            .prefetch_related(tags_prefetch())
        )

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
        tags=TAG,
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
    list=extend_schema(summary=_("List participations in events"), tags=TAG),
    retrieve=extend_schema(summary=_("One participation"), tags=TAG),
    create=extend_schema(
        summary=_("Register a person and / or an organisation for an event"),
        description=_("Registering someone already on the list changes their status."),
        tags=TAG,
    ),
    update=extend_schema(
        summary=_("Change the status of a participation"),
        request=ParticipationChangeSerializer,
        responses={200: ParticipationSerializer},
        tags=TAG,
    ),
    partial_update=extend_schema(
        summary=_("Change the status of a participation"),
        request=ParticipationChangeSerializer,
        responses={200: ParticipationSerializer},
        tags=TAG,
    ),
    destroy=deleted(
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
    export_name = "participants"

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
