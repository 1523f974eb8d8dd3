"""API for what ties organisations to each other: OWES accreditations and dated ties (founded
by, OWES support). Thin, as ``contacts.api.records``: serializers validate, services write."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from contacts import services
from contacts.api.records import _TAG_ORG, _deleted
from contacts.api.serializers import (
    LinkEndSerializer,
    OrganisationLinkSerializer,
    OwesAccreditationSerializer,
)
from contacts.filters import OrganisationLinkFilter, OwesAccreditationFilter
from contacts.models import OrganisationLink, OwesAccreditation
from crm.access import Action
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)


@extend_schema_view(
    list=extend_schema(
        summary=_("List OWES accreditations"),
        description=_(
            "The minister's decisions that let an OWES serve subregions for a time; filter by "
            "organisation, subregion and the day they are valid on (?valid_on=)."
        ),
        tags=_TAG_ORG,
    ),
    retrieve=extend_schema(summary=_("One OWES accreditation"), tags=_TAG_ORG),
    create=extend_schema(summary=_("Record an OWES accreditation"), tags=_TAG_ORG),
    update=extend_schema(summary=_("Correct an OWES accreditation"), tags=_TAG_ORG),
    partial_update=extend_schema(
        summary=_("Correct some fields of an OWES accreditation"), tags=_TAG_ORG
    ),
    destroy=_deleted(
        _("Delete a mistaken OWES accreditation"), _("Managers and administrators only."), _TAG_ORG
    ),
)
class OwesAccreditationViewSet(
    ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = OwesAccreditation.objects.all()
    serializer_class = OwesAccreditationSerializer
    filterset_class = OwesAccreditationFilter

    def get_queryset(self) -> QuerySet[OwesAccreditation]:
        return super().get_queryset().select_related("organisation").prefetch_related("subregions")

    def service_create(self, data: dict[str, Any]) -> OwesAccreditation:
        return services.owes_accreditation_create(actor=self.request.user, **data)

    def service_update(
        self, instance: OwesAccreditation, data: dict[str, Any]
    ) -> OwesAccreditation:
        data.pop("organisation", None)  # an accreditation stays with its OWES
        return services.owes_accreditation_update(
            actor=self.request.user, accreditation=instance, **data
        )

    def service_delete(self, instance: OwesAccreditation) -> None:
        services.owes_accreditation_delete(actor=self.request.user, accreditation=instance)


@extend_schema_view(
    list=extend_schema(
        summary=_("List ties between organisations"),
        description=_(
            "Who founded whom and which OWES supports which PES, dated; ?organisation= gives "
            "the ties of one organisation either way. Who runs a WTZ, ZAZ, CIS or KIS is the "
            "organisation's operator field, not a tie here."
        ),
        tags=_TAG_ORG,
    ),
    retrieve=extend_schema(summary=_("One tie between organisations"), tags=_TAG_ORG),
    create=extend_schema(summary=_("Record a tie between organisations"), tags=_TAG_ORG),
    destroy=_deleted(
        _("Delete a mistaken tie"),
        _("Managers and administrators only; a tie that ended is ended, not deleted."),
        _TAG_ORG,
    ),
)
class OrganisationLinkViewSet(ServiceCreateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = OrganisationLink.objects.all()
    serializer_class = OrganisationLinkSerializer
    filterset_class = OrganisationLinkFilter
    access_actions = {"end": Action.CHANGE}

    def get_queryset(self) -> QuerySet[OrganisationLink]:
        return super().get_queryset().select_related("organisation", "other")

    def service_create(self, data: dict[str, Any]) -> OrganisationLink:
        return services.organisation_link_create(actor=self.request.user, **data)

    def service_delete(self, instance: OrganisationLink) -> None:
        services.organisation_link_delete(actor=self.request.user, link=instance)

    @extend_schema(
        summary=_("End a tie between organisations"),
        request=LinkEndSerializer,
        responses={200: OrganisationLinkSerializer},
        tags=_TAG_ORG,
    )
    @action(detail=True, methods=["post"], url_path="end")
    def end(self, request: Request, pk: str | None = None) -> Response:
        link = self.get_object()
        payload = LinkEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        link = services.organisation_link_end(
            actor=request.user, link=link, **payload.validated_data
        )
        return Response(self.output(link))
