"""``/organisations/{id}/timeline/``: everything that happened with an organisation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.models import Organisation
from contacts.selectors import organisation_list
from contacts.timeline import MAX_PAGE_SIZE, TimelineItem, organisation_timeline
from crm.api.viewsets import ScopedViewSet


class TimelineQuerySerializer(serializers.Serializer[Any]):
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=25)


class TimelineLinkSerializer(serializers.Serializer[Any]):
    model = serializers.CharField(help_text=_("app_label.model, e.g. networks.membership"))
    id = serializers.IntegerField()


class TimelineItemSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    kind = serializers.CharField(
        help_text=_("interaction, membership_joined, ps_status_granted, ...")
    )
    summary = serializers.CharField()
    link = serializers.SerializerMethodField()

    @extend_schema_field(TimelineLinkSerializer)
    def get_link(self, item: Any) -> dict[str, Any]:
        model, pk = item.link
        return {"model": model, "id": pk}


@extend_schema_serializer(many=False)  # one page object, although the view is a "list"
class TimelinePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    has_next = serializers.BooleanField()
    results = TimelineItemSerializer(many=True)


class OrganisationTimelineViewSet(ScopedViewSet):
    access_model = Organisation
    queryset = Organisation.objects.all()
    serializer_class = TimelinePageSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        summary=_("Timeline of an organisation"),
        description=_(
            "Interactions, events, memberships, partnerships, PS statuses and changes of the "
            "record, newest first; what your role may not see is left out."
        ),
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description=_("From 1.")),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=_("1 to 100 (25).")),
        ],
        responses={200: TimelinePageSerializer},
        tags=["organisations"],
    )
    def list(self, request: Request, organisation_pk: str) -> Response:
        organisation = get_object_or_404(organisation_list(user=request.user), pk=organisation_pk)
        params = TimelineQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = organisation_timeline(
            user=request.user, organisation=organisation, **params.validated_data
        )
        return Response(
            {
                "count": page.total,
                "page": page.page,
                "page_size": page.page_size,
                "has_next": page.has_next,
                "results": [_item(item) for item in page.items],
            }
        )


_AT = serializers.DateTimeField()


def _item(item: TimelineItem) -> dict[str, Any]:
    """An item as ``TimelineItemSerializer`` writes it, without building the serializer and
    its four fields for each of up to a hundred items (a third of the request)."""
    model, pk = item.link
    return {
        "at": _AT.to_representation(item.at),
        "kind": item.kind,
        "summary": item.summary,
        "link": {"model": model, "id": pk},
    }
