"""Follow-ups over the API: set, complete, postpone, cancel."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from crm import access
from crm.access import Action
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from interactions import services
from interactions.api.schema import TAG, deleted
from interactions.api.serializers import (
    CancelSerializer,
    FollowUpChangeSerializer,
    FollowUpSerializer,
    PostponeSerializer,
)
from interactions.filters import FollowUpFilter
from interactions.models import FollowUp


@extend_schema_view(
    list=extend_schema(
        summary=_("List follow-ups"),
        description=_("Managers see everyone's; others see those assigned to or made by them."),
        tags=TAG,
    ),
    retrieve=extend_schema(summary=_("One follow-up"), tags=TAG),
    create=extend_schema(
        summary=_("Add a follow-up (a next step with a due date)"),
        description=_(
            "For you or, with assignee, for an active team member or manager, who is told "
            "by e-mail once."
        ),
        tags=TAG,
    ),
    update=extend_schema(
        summary=_("Change an open follow-up"),
        request=FollowUpChangeSerializer,
        responses={200: FollowUpSerializer},
        tags=TAG,
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an open follow-up (e.g. reassign it)"),
        request=FollowUpChangeSerializer,
        responses={200: FollowUpSerializer},
        tags=TAG,
    ),
    destroy=deleted(
        _("Delete a follow-up"),
        _("Managers and administrators only; a step no longer needed is cancelled instead."),
    ),
)
class FollowUpViewSet(ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
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

    def get_serializer_class(self) -> Any:
        if self.action in ("update", "partial_update"):
            return FollowUpChangeSerializer
        return FollowUpSerializer

    def service_update(self, instance: FollowUp, data: dict[str, Any]) -> FollowUp:
        return services.follow_up_update(actor=self.request.user, follow_up=instance, **data)

    def service_delete(self, instance: FollowUp) -> None:
        services.follow_up_delete(actor=self.request.user, follow_up=instance)

    @extend_schema(
        summary=_("Mark a follow-up done"),
        request=None,
        responses={200: FollowUpSerializer},
        tags=TAG,
    )
    @action(detail=True, methods=["post"], url_path="complete")
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services.follow_up_complete, "follow_up")

    @extend_schema(
        summary=_("Postpone a follow-up"),
        request=PostponeSerializer,
        responses={200: FollowUpSerializer},
        tags=TAG,
    )
    @action(detail=True, methods=["post"], url_path="postpone")
    def postpone(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services.follow_up_postpone, "follow_up", PostponeSerializer)

    @extend_schema(
        summary=_("Cancel a follow-up"),
        request=CancelSerializer,
        responses={200: FollowUpSerializer},
        tags=TAG,
    )
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services.follow_up_cancel, "follow_up", CancelSerializer)
