"""Serializers of an organisation's ties: OWES accreditations and links to other organisations."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contacts.models import OrganisationLink, OwesAccreditation
from crm.api.serializers import ModelSerializer
from crm.territory.models import Subregion


class OwesAccreditationSerializer(ModelSerializer[OwesAccreditation]):
    subregions = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Subregion.objects.all(),
        help_text=_("Slugs of the subregions served: bialostocki, bielski, lomzynski, suwalski."),
    )

    class Meta:
        model = OwesAccreditation
        fields = [
            "id",
            "organisation",
            "decision_number",
            "decision_date",
            "valid_from",
            "valid_to",
            "subregions",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []


class OrganisationLinkSerializer(ModelSerializer[OrganisationLink]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    other_name = serializers.CharField(source="other.name", read_only=True)

    class Meta:
        model = OrganisationLink
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "kind",
            "other",
            "other_name",
            "started_on",
            "ended_on",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "ended_on", "created_at", "updated_at"]
        validators: list[Any] = []


class LinkEndSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField(help_text=_("The first day the tie no longer holds."))
