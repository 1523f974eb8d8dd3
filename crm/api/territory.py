"""Read-only territory (subregions, powiats, gminas by TERC code) and a minimal user list."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from crm.api.serializers import ModelSerializer
from crm.api.viewsets import ReadOnlyViewSet
from crm.territory.models import Gmina, Powiat, Subregion
from crm.users import User


class SubregionSerializer(ModelSerializer[Subregion]):
    class Meta:
        model = Subregion
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class PowiatSerializer(ModelSerializer[Powiat]):
    class Meta:
        model = Powiat
        fields = ["code", "name", "is_city", "valid_from", "valid_to"]
        read_only_fields = fields


class GminaSerializer(ModelSerializer[Gmina]):
    powiat: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    subregion: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    display_name = serializers.CharField(
        read_only=True,
        help_text=_('The name with the kind: "Augustów (miasto)", "Augustów (gmina wiejska)".'),
    )

    class Meta:
        model = Gmina
        fields = [
            "code",
            "name",
            "display_name",
            "kind",
            "powiat",
            "subregion",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class UserSerializer(ModelSerializer[User]):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name"]
        read_only_fields = fields


def valid_on(queryset: QuerySet[Any], day: datetime.date | None) -> QuerySet[Any]:
    if day is None:
        return queryset
    return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


class PowiatFilter(django_filters.FilterSet):
    is_city = django_filters.BooleanFilter(label=_("city with powiat rights"))
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("valid on"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name")))

    class Meta:
        model = Powiat
        fields: list[str] = []

    def filter_valid_on(
        self, queryset: QuerySet[Powiat], name: str, value: datetime.date | None
    ) -> QuerySet[Powiat]:
        return valid_on(queryset, value)


class GminaFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))
    kind = django_filters.ChoiceFilter(choices=Gmina.Kind.choices, label=_("kind"))
    powiat = django_filters.ModelChoiceFilter(
        field_name="powiat",
        to_field_name="code",
        queryset=Powiat.objects.all(),
        label=_("powiat"),
        help_text=_("Powiat TERC code (4 digits)."),
    )
    subregion = django_filters.ModelChoiceFilter(
        field_name="subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion"),
        help_text=_("Subregion slug."),
    )
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("valid on"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name")))

    class Meta:
        model = Gmina
        fields: list[str] = []

    def filter_valid_on(
        self, queryset: QuerySet[Gmina], name: str, value: datetime.date | None
    ) -> QuerySet[Gmina]:
        return valid_on(queryset, value)


class UserFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("search"))
    ordering = django_filters.OrderingFilter(fields=(("username", "username"), ("id", "id")))

    class Meta:
        model = User
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )


@extend_schema_view(
    list=extend_schema(summary=_("List subregions"), tags=["territory"]),
    retrieve=extend_schema(summary=_("One subregion, by slug"), tags=["territory"]),
)
class SubregionViewSet(ReadOnlyViewSet):
    queryset = Subregion.objects.order_by("name")
    serializer_class = SubregionSerializer
    lookup_field = "slug"


@extend_schema_view(
    list=extend_schema(summary=_("List powiats"), tags=["territory"]),
    retrieve=extend_schema(summary=_("One powiat, by its 4-digit TERC code"), tags=["territory"]),
)
class PowiatViewSet(ReadOnlyViewSet):
    queryset = Powiat.objects.order_by("code")
    serializer_class = PowiatSerializer
    filterset_class = PowiatFilter
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(summary=_("List gminas"), tags=["territory"]),
    retrieve=extend_schema(summary=_("One gmina, by its 7-digit TERC code"), tags=["territory"]),
)
class GminaViewSet(ReadOnlyViewSet):
    queryset = Gmina.objects.select_related("powiat", "subregion").order_by("code")
    serializer_class = GminaSerializer
    filterset_class = GminaFilter
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(summary=_("List active users (minimal)"), tags=["users"]),
    retrieve=extend_schema(summary=_("One user (minimal)"), tags=["users"]),
)
class UserViewSet(ReadOnlyViewSet):
    queryset = User.objects.filter(is_active=True).order_by("username")
    serializer_class = UserSerializer
    filterset_class = UserFilter
