"""Membership periods over the API: join, change, leave, and an organisation's history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.selectors import organisation_list
from crm.access import Action
from crm.api.viewsets import ReadOnlyViewSet, ScopedViewSet, ServiceCreateMixin, ServiceUpdateMixin
from networks import selectors, services
from networks.api.serializers import (
    MembershipChangeSerializer,
    MembershipLeaveSerializer,
    MembershipSerializer,
)
from networks.filters import MembershipFilter
from networks.models import Membership

_TAG = ["networks"]


@extend_schema_view(
    list=extend_schema(summary=_("List membership periods"), tags=_TAG),
    retrieve=extend_schema(summary=_("One membership period"), tags=_TAG),
    create=extend_schema(summary=_("An organisation joins a network"), tags=_TAG),
    update=extend_schema(
        summary=_("Change the role or representative"),
        request=MembershipChangeSerializer,
        responses={200: MembershipSerializer},
        tags=_TAG,
    ),
    partial_update=extend_schema(
        summary=_("Change the role or representative"),
        request=MembershipChangeSerializer,
        responses={200: MembershipSerializer},
        tags=_TAG,
    ),
)
class MembershipViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = Membership.objects.select_related("organisation", "network").order_by(
        "-joined_on", "-id"
    )
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    export_name = "memberships"
    access_actions = {"leave": Action.CHANGE}

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in ("update", "partial_update"):
            return MembershipChangeSerializer
        return MembershipSerializer

    def service_create(self, data: dict[str, Any]) -> Membership:
        return services.membership_join(actor=self.request.user, **data)

    def service_update(self, instance: Membership, data: dict[str, Any]) -> Membership:
        if "role" in data:
            instance = services.membership_change_role(
                actor=self.request.user, membership=instance, role=data["role"]
            )
        if "representative" in data:
            instance = services.membership_move_representative(
                actor=self.request.user, membership=instance, representative=data["representative"]
            )
        return instance

    @extend_schema(
        summary=_("The organisation leaves the network"),
        request=MembershipLeaveSerializer,
        responses={200: MembershipSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="leave")
    def leave(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services.membership_leave, "membership", MembershipLeaveSerializer)


@extend_schema_view(
    list=extend_schema(
        summary=_("Membership history of an organisation"),
        description=_("Every period of the organisation in every network, newest first."),
        tags=_TAG,
    ),
)
class OrganisationMembershipViewSet(mixins.ListModelMixin, ScopedViewSet):
    """``/organisations/{id}/members-of/``: where an organisation has been a member, and when."""

    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Membership]:
        organisation = get_object_or_404(
            organisation_list(user=self.request.user), pk=self.kwargs["organisation_pk"]
        )
        return selectors.organisation_memberships(
            user=self.request.user, organisation=organisation
        ).select_related("organisation")
