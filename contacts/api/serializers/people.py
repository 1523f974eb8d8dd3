"""Serializers of people, their restriction (art. 18 GDPR) and their affiliations."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contacts.models import Affiliation, Person
from contacts.services.linking import people_linkable
from crm.api.related import LinkableRelatedField
from crm.api.serializers import ModelSerializer
from crm.tags.api import tags_field


class AffiliationBriefSerializer(ModelSerializer[Affiliation]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "organisation", "organisation_name", "role", "is_primary", "started_on"]
        read_only_fields = fields


class PersonSerializer(ModelSerializer[Person]):
    tags = tags_field()
    current_affiliations = AffiliationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "tags",
            "first_name",
            "last_name",
            "email",
            "phone",
            "legal_basis",
            "source",
            "informed_at",
            "restricted",
            "restricted_at",
            "restriction_reason",
            "anonymised_at",
            "notes",
            "current_affiliations",
            "created_at",
            "updated_at",
        ]
        # Restriction (art. 18 GDPR) has its own action, with its reason: people/{id}/restriction/.
        read_only_fields = [
            "id",
            "restricted",
            "restricted_at",
            "restriction_reason",
            "anonymised_at",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"email": {"validators": []}}


class PersonRestrictionSerializer(serializers.Serializer[Any]):
    restricted = serializers.BooleanField(
        help_text=_("true restricts processing (art. 18 GDPR); false lifts it (managers).")
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=_("Why processing is restricted; required when restricting."),
    )


class AffiliationSerializer(ModelSerializer[Affiliation]):
    # An OWES partner may tie to their organisations only people already in their reach, or
    # people nothing ties to anyone yet (contacts.services.linking).
    person = LinkableRelatedField(
        queryset=Person.objects.all(),
        linkable=lambda user: people_linkable(user=user),
        refused=_("This person belongs to another subregion: you may not name them here."),
    )

    class Meta:
        model = Affiliation
        fields = [
            "id",
            "person",
            "organisation",
            "role",
            "started_on",
            "ended_on",
            "is_primary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "ended_on", "created_at", "updated_at"]
        validators: list[Any] = []


class AffiliationEndSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()
