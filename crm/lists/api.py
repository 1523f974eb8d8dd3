"""``/api/v1/saved-views/``: a person's own saved views of any list (list, create, delete).

Views shared by colleagues are theirs to remove, so they are not listed here; the list pages
offer them. Every write goes through ``crm.lists.services``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from crm import access
from crm.lists import services
from crm.lists.models import SavedView
from crm.lists.registry import LISTS


class SavedViewSerializer(serializers.ModelSerializer[SavedView]):
    list = serializers.ChoiceField(
        source="list_key",
        choices=(),
        help_text=_("The list the view belongs to, e.g. organisations."),
    )

    class Meta:
        model = SavedView
        fields = ["id", "list", "name", "query", "is_shared", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # The registered lists, read when the schema or a request needs them (apps are ready).
        fields["list"].choices = sorted(LISTS)  # type: ignore[attr-defined]
        fields["query"].help_text = _(
            "The list's filters and sort as a query string"
            " (kind=social_cooperative&ordering=-name); other parameters are dropped."
        )
        return fields


class SavedViewFilter(django_filters.FilterSet):
    list = django_filters.CharFilter(field_name="list_key", label=_("list"))

    class Meta:
        model = SavedView
        fields: list[str] = []


class SignedInWithRole(BasePermission):
    """Anyone with a role keeps views of their own (viewers too: a view changes no data)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.role_of(request.user) is not None


@extend_schema_view(
    list=extend_schema(summary=_("Your saved views")),
    create=extend_schema(summary=_("Save a view")),
    destroy=extend_schema(summary=_("Remove one of your saved views")),
)
class SavedViewViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    serializer_class = SavedViewSerializer
    permission_classes = [SignedInWithRole]
    filterset_class = SavedViewFilter
    queryset = SavedView.objects.none()

    def get_queryset(self) -> QuerySet[SavedView]:
        owner: Any = self.request.user
        if access.role_of(owner) is None:  # as the pages: an account the rules give nothing
            return SavedView.objects.none()
        return SavedView.objects.filter(owner=owner).order_by("list_key", "name", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            view = services.saved_view_create(
                actor=request.user,
                list_key=data["list_key"],
                name=data["name"],
                query=data.get("query", ""),
                is_shared=data.get("is_shared", False),
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(self.get_serializer(view).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: SavedView) -> None:
        services.saved_view_delete(actor=self.request.user, view=instance)
