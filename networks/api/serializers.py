"""Serializers of the networks API: networks and their growth series, memberships, partnerships."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from contacts.models import Organisation, Person
from contacts.services.linking import people_linkable
from crm import access
from crm.access import Action
from crm.api.related import LinkableRelatedField
from crm.api.serializers import ModelSerializer
from crm.tags.api import tags_field
from crm.territory.models import Subregion
from networks.models import (
    Membership,
    MembershipRole,
    Network,
    Partnership,
    PartnershipStatus,
    PartyRole,
)
from networks.selectors import PARTIES_LISTED


class NetworkSerializer(ModelSerializer[Network]):
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


def _representative(**kwargs: Any) -> LinkableRelatedField:
    """A person who represents the member: one the user may name (contacts.services.linking)."""
    return LinkableRelatedField(
        queryset=Person.objects.all(),
        linkable=lambda user: people_linkable(user=user),
        refused=_("This person belongs to another subregion: you may not name them here."),
        allow_null=True,
        required=False,
        **kwargs,
    )


class MembershipSerializer(ModelSerializer[Membership]):
    representative = _representative()
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
    representative = _representative()


class MembershipLeaveSerializer(serializers.Serializer[Any]):
    left_on = serializers.DateField(help_text=_("The first day it is no longer a member."))
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PartiesSerializer(serializers.ListSerializer[Any]):
    """A partnership's parties, as ``partnership_parties_attach`` read them (plain dicts already
    shown): the one reading behind a list's page, one record and a write's answer (the viewset's
    ``attach_shown``), written out directly (a serializer per party was a fifth of a page of 200
    partnerships)."""

    def get_attribute(self, instance: Any) -> Any:
        listed = getattr(instance, PARTIES_LISTED, None)
        if listed is None:
            raise ImproperlyConfigured(
                "A partnership is shown with the parties partnership_parties_attach read."
            )
        return listed

    def to_representation(self, data: Any) -> Any:
        return list(data)


class PartySerializer(serializers.Serializer[Any]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role = serializers.ChoiceField(choices=PartyRole.choices, default=PartyRole.PARTNER)

    class Meta:
        list_serializer_class = PartiesSerializer


class PartnershipSerializer(ModelSerializer[Partnership]):
    tags = tags_field()
    parties = PartySerializer(many=True, help_text=_("At least one; each organisation once."))
    status = serializers.ChoiceField(
        choices=PartnershipStatus.choices, read_only=True, source="status_now"
    )

    class Meta:
        model = Partnership
        fields = [
            "id",
            "tags",
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


class PartnershipUpdateSerializer(ModelSerializer[Partnership]):
    class Meta:
        model = Partnership
        fields = ["title", "kind", "starts_on", "ends_on", "value_pln", "description"]
