"""Strategic documents of JST and monitoring recommendations over the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from crm.api.pagination import Pagination
from crm.api.viewsets import ReadOnlyViewSet, ServiceCreateMixin, ServiceUpdateMixin
from crm.top.monitoring import selectors, services
from crm.top.monitoring.api.permissions import MonitoringPermission
from crm.top.monitoring.models import Recommendation, StrategicDocument


class StrategicDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicDocument
        fields = [
            "id",
            "organisation",
            "title",
            "kind",
            "adopted_on",
            "valid_until",
            "has_se_provisions",
            "quote",
            "link",
        ]


@extend_schema_view(
    list=extend_schema(summary="List strategic documents of JST", tags=["monitoring"]),
    retrieve=extend_schema(summary="One strategic document", tags=["monitoring"]),
    create=extend_schema(summary="Add a strategic document", tags=["monitoring"]),
    update=extend_schema(summary="Change a strategic document", tags=["monitoring"]),
    partial_update=extend_schema(
        summary="Change some fields of a strategic document", tags=["monitoring"]
    ),
)
class StrategicDocumentViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = StrategicDocument.objects.all()
    serializer_class = StrategicDocumentSerializer
    permission_classes = [MonitoringPermission]
    pagination_class = Pagination
    filterset_fields = ["kind", "has_se_provisions", "organisation"]

    def get_queryset(self) -> Any:
        return selectors.strategic_document_list(user=self.request.user)

    def service_create(self, data: dict[str, Any]) -> StrategicDocument:
        return services.strategic_document_create(actor=self.request.user, **data)

    def service_update(self, instance: Any, data: dict[str, Any]) -> StrategicDocument:
        return services.strategic_document_update(
            actor=self.request.user, document=instance, **data
        )


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "id",
            "monitoring_year",
            "text",
            "addressee",
            "subregion",
            "status",
            "implemented_on",
        ]


@extend_schema_view(
    list=extend_schema(summary="List monitoring recommendations", tags=["monitoring"]),
    retrieve=extend_schema(summary="One recommendation", tags=["monitoring"]),
    create=extend_schema(summary="Add a recommendation", tags=["monitoring"]),
    update=extend_schema(summary="Change a recommendation", tags=["monitoring"]),
    partial_update=extend_schema(
        summary="Change some fields of a recommendation", tags=["monitoring"]
    ),
)
class RecommendationViewSet(ServiceCreateMixin, ServiceUpdateMixin, ReadOnlyViewSet):
    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    permission_classes = [MonitoringPermission]
    pagination_class = Pagination
    filterset_fields = ["monitoring_year", "status", "subregion"]

    def get_queryset(self) -> Any:
        return selectors.recommendation_list(user=self.request.user)

    def service_create(self, data: dict[str, Any]) -> Recommendation:
        return services.recommendation_create(actor=self.request.user, **data)

    def service_update(self, instance: Any, data: dict[str, Any]) -> Recommendation:
        return services.recommendation_update(
            actor=self.request.user, recommendation=instance, **data
        )
