"""Partnerships over the API, with their parties."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from crm.access import Action
from crm.api.related import scope_related
from crm.api.viewsets import ReadOnlyViewSet, ServiceCreateMixin, ServiceUpdateMixin
from crm.tags.api import TagWritesMixin, tags_prefetch
from networks import selectors, services
from networks.api.serializers import (
    PartnershipSerializer,
    PartnershipUpdateSerializer,
    PartySerializer,
)
from networks.filters import PartnershipFilter
from networks.models import Partnership

_TAG = ["networks"]


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
class PartnershipViewSet(TagWritesMixin, ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = Partnership.objects.all()
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
    export_name = "partnerships"
    access_actions = {"add_party": Action.CHANGE}

    def get_queryset(self) -> QuerySet[Partnership]:
        # Parties are read once the rows are picked (``attach_shown``), not prefetched.
        partnerships = selectors.partnership_list(user=self.request.user).prefetch_related(None)
        return partnerships.prefetch_related(tags_prefetch())

    def attach_shown(self, rows: list[Any]) -> None:
        # The one reading of parties behind the list, the detail and a write's answer.
        selectors.partnership_parties_attach(user=self.request.user, partnerships=rows)

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
        payload = scope_related(PartySerializer(data=request.data), request.user)
        payload.is_valid(raise_exception=True)
        services.partnership_add_party(
            actor=request.user, partnership=partnership, **payload.validated_data
        )
        return Response(self.output(partnership))
