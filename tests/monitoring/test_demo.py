"""The monitoring demo data: there after seeding, and a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from contacts.models import Organisation
from crm.top.monitoring.catalogue import catalogue_search
from crm.top.monitoring.indicators import Period, compute
from crm.top.monitoring.models import IndicatorTarget, Recommendation, StrategicDocument

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        IndicatorTarget.objects.count(),
        StrategicDocument.objects.count(),
        Recommendation.objects.count(),
        Organisation.objects.filter(is_public=True).count(),
    )


def test_demo_monitoring_data_is_there_and_idempotent() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    targets, documents, recommendations, listed = first
    assert targets > 0 and documents > 0 and recommendations > 0
    assert listed >= 100
    assert catalogue_search().count() >= 90  # listed PES, less the closed ones
    assert StrategicDocument.objects.filter(has_se_provisions=True).exists()
    year = max(StrategicDocument.objects.values_list("adopted_on__year", flat=True))
    assert compute("jst_se_documents", Period(year)).value > 0
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
