"""Serializers of PS statuses and employment records."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from contacts.models import EmploymentSnapshot, SocialEnterpriseStatus
from crm.api.serializers import ModelSerializer


class SocialEnterpriseStatusSerializer(ModelSerializer[SocialEnterpriseStatus]):
    class Meta:
        model = SocialEnterpriseStatus
        fields = [
            "id",
            "organisation",
            "kind",
            "decision_number",
            "decision_date",
            "granted_on",
            "lost_on",
            "purpose",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "lost_on", "created_at", "updated_at"]
        validators: list[Any] = []


class StatusLoseSerializer(serializers.Serializer[Any]):
    lost_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True)


class EmploymentSnapshotSerializer(ModelSerializer[EmploymentSnapshot]):
    class Meta:
        model = EmploymentSnapshot
        fields = [
            "id",
            "organisation",
            "as_of",
            "employees",
            "employees_at_risk",
            "fte",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []
