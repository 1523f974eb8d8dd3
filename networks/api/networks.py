"""Networks and committees over the API, with the growth series of one network."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from crm.api.viewsets import ReadOnlyViewSet, ServiceCreateMixin, ServiceUpdateMixin
from networks import selectors, services
from networks.api.serializers import GrowthQuerySerializer, GrowthSerializer, NetworkSerializer
from networks.filters import NetworkFilter
from networks.models import Network

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
            .annotate(members_now=selectors.members_count_on(today))
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
