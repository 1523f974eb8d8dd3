"""API for networks, memberships and partnerships, the growth series and members-of history.

Thin: serializers validate, the networks services write, the networks selectors read.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.models import Organisation, Person
from contacts.selectors import organisation_list
from crm import access
from crm.access import Action
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ScopedViewSet,
    ServiceCreateMixin,
    ServiceUpdateMixin,
)
from crm.territory.models import Subregion
from networks import selectors, services
from networks.filters import MembershipFilter, NetworkFilter, PartnershipFilter
from networks.models import (
    Membership,
    MembershipRole,
    Network,
    Partnership,
    PartnershipStatus,
    PartyRole,
)

# --- serializers ---------------------------------------------------------------------------


class NetworkSerializer(serializers.ModelSerializer[Network]):
    subregion = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Subregion.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Subregion slug; empty for the whole voivodeship."),
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    members_now = serializers.IntegerField(read_only=True, help_text=_("Members today."))

    class Meta:
        model = Network
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "subregion",
            "coordinator",
            "founded_on",
            "closed_on",
            "description",
            "members_now",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"name": {"validators": []}}

    def validate_subregion(self, subregion: Subregion | None) -> Subregion | None:
        """An OWES partner may not put a network outside the subregions they edit."""
        user = self.context["request"].user
        if not access.can(user, Action.ADD, Network(subregion=subregion)):
            raise exceptions.PermissionDenied(
                gettext("You may not place a network outside your subregions.")
            )
        return subregion


class GrowthQuerySerializer(serializers.Serializer[Any]):
    # Declared in get_fields: "from" cannot be a class attribute.
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "interval": serializers.ChoiceField(
                choices=["month", "quarter", "year"], default="month"
            ),
            "from": serializers.DateField(required=False),
            "to": serializers.DateField(required=False),
            "by": serializers.ChoiceField(choices=["subregion", "kind"], required=False),
        }


class GrowthPointSerializer(serializers.Serializer[Any]):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    group = serializers.CharField(
        allow_null=True, help_text=_("Subregion slug or organisation kind, when split.")
    )
    active = serializers.IntegerField(help_text=_("Members on the last day of the period."))
    joins = serializers.IntegerField()
    leaves = serializers.IntegerField()


class GrowthSerializer(serializers.Serializer[Any]):
    network = serializers.IntegerField()
    interval = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    series = GrowthPointSerializer(many=True)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    network_name = serializers.CharField(source="network.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "network",
            "network_name",
            "joined_on",
            "left_on",
            "left_reason",
            "role",
            "representative",
            "term",
            "source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []


class MembershipChangeSerializer(serializers.Serializer[Any]):
    """What changes on an open membership: its role and who represents the member."""

    role = serializers.ChoiceField(choices=MembershipRole.choices, required=False)
    representative = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), allow_null=True, required=False
    )


class MembershipLeaveSerializer(serializers.Serializer[Any]):
    left_on = serializers.DateField(help_text=_("The first day it is no longer a member."))
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PartySerializer(serializers.Serializer[Any]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role = serializers.ChoiceField(choices=PartyRole.choices, default=PartyRole.PARTNER)


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    parties = PartySerializer(many=True, help_text=_("At least one; each organisation once."))
    status = serializers.ChoiceField(
        choices=PartnershipStatus.choices, read_only=True, source="status_now"
    )

    class Meta:
        model = Partnership
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "value_pln",
            "description",
            "parties",
            "origin_event",
            "origin_interaction",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "created_at", "updated_at"]
        validators: list[Any] = []

    def validate_parties(self, parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not parties:
            raise serializers.ValidationError(gettext("A partnership needs at least one party."))
        return parties


class PartnershipUpdateSerializer(serializers.ModelSerializer[Partnership]):
    class Meta:
        model = Partnership
        fields = ["title", "kind", "starts_on", "ends_on", "value_pln", "description"]


# --- views ---------------------------------------------------------------------------------

_TAG = ["networks"]


def _date_param(name: str, description: Any) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, description=description)


@extend_schema_view(
    list=extend_schema(summary=_("List networks and committees"), tags=_TAG),
    retrieve=extend_schema(summary=_("One network"), tags=_TAG),
    create=extend_schema(summary=_("Add a network"), tags=_TAG),
    update=extend_schema(summary=_("Change a network (closing: set closed_on)"), tags=_TAG),
    partial_update=extend_schema(summary=_("Change some fields of a network"), tags=_TAG),
)
class NetworkViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = Network.objects.select_related("subregion")
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter

    def get_queryset(self) -> QuerySet[Network]:
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .annotate(
                members_now=Count(
                    "memberships__organisation",
                    filter=selectors.active_on(today, "memberships__"),
                    distinct=True,
                )
            )
            .order_by("name", "id")
        )

    def service_create(self, data: dict[str, Any]) -> Network:
        return services.network_create(actor=self.request.user, **data)

    def service_update(self, instance: Network, data: dict[str, Any]) -> Network:
        return services.network_update(actor=self.request.user, network=instance, **data)

    @extend_schema(
        summary=_("Growth series of a network"),
        description=_(
            "Members at the end of each month, quarter or year, with the joins and leaves in "
            "between; split by the members' subregion or kind with ?by=."
        ),
        parameters=[
            OpenApiParameter(
                "interval", OpenApiTypes.STR, enum=["month", "quarter", "year"], default="month"
            ),
            _date_param("from", _("First day (default: founding, or a year ago).")),
            _date_param("to", _("Last day (default: today).")),
            OpenApiParameter("by", OpenApiTypes.STR, enum=["subregion", "kind"]),
        ],
        responses={200: GrowthSerializer},
        tags=_TAG,
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="growth", filterset_class=None)
    def growth(self, request: Request, pk: str | None = None) -> Response:
        network = self.get_object()
        params = GrowthQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        today = timezone.localdate()
        end: datetime.date = params.validated_data.get("to") or today
        start: datetime.date = params.validated_data.get("from") or (
            network.founded_on or end.replace(year=end.year - 1, day=1)
        )
        interval = params.validated_data["interval"]
        by = params.validated_data.get("by")
        try:
            series = selectors.network_growth(
                user=request.user, network=network, interval=interval, start=start, end=end, by=by
            )
        except ValueError as error:  # end before start, or too many periods
            raise exceptions.ValidationError({"from": [str(error)]}) from error
        body = {"network": network.pk, "interval": interval, "by": by, "series": series}
        return Response(GrowthSerializer(body).data)


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
        membership = self.get_object()
        payload = MembershipLeaveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = services.membership_leave(
            actor=request.user, membership=membership, **payload.validated_data
        )
        return Response(self.output(membership))


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


@extend_schema_view(
    list=extend_schema(summary=_("List partnerships"), tags=_TAG),
    retrieve=extend_schema(summary=_("One partnership, with its parties"), tags=_TAG),
    create=extend_schema(summary=_("Record a partnership with its parties"), tags=_TAG),
    update=extend_schema(
        summary=_("Change a partnership"),
        request=PartnershipUpdateSerializer,
        responses={200: PartnershipSerializer},
        tags=_TAG,
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a partnership"),
        request=PartnershipUpdateSerializer,
        responses={200: PartnershipSerializer},
        tags=_TAG,
    ),
)
class PartnershipViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = Partnership.objects.all()
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
    access_actions = {"add_party": Action.CHANGE}

    def get_queryset(self) -> QuerySet[Partnership]:
        return selectors.partnership_list(user=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in ("update", "partial_update"):
            return PartnershipUpdateSerializer
        if self.action == "add_party":
            return PartySerializer
        return PartnershipSerializer

    def service_create(self, data: dict[str, Any]) -> Partnership:
        parties = [(party["organisation"], party["role"]) for party in data.pop("parties")]
        return services.partnership_create(actor=self.request.user, parties=parties, **data)

    def service_update(self, instance: Partnership, data: dict[str, Any]) -> Partnership:
        return services.partnership_update(actor=self.request.user, partnership=instance, **data)

    @extend_schema(
        summary=_("Add a party to a partnership"),
        request=PartySerializer,
        responses={200: PartnershipSerializer},
        tags=_TAG,
    )
    @action(detail=True, methods=["post"], url_path="parties")
    def add_party(self, request: Request, pk: str | None = None) -> Response:
        partnership = self.get_object()
        payload = PartySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.partnership_add_party(
            actor=request.user, partnership=partnership, **payload.validated_data
        )
        return Response(self.output(partnership))
