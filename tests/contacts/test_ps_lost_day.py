"""A PS status is not held on the day it was lost: the model, the lists and the indicators
agree (the overlap rule already lets a new grant start that day)."""

from __future__ import annotations

import datetime

import pytest

from contacts.filters import statutory_status_active_on
from contacts.models import Organisation, OrganisationKind, SocialEnterpriseStatus
from crm.top.monitoring.indicators.organisations import ps_status_on
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_status_lost_on_a_day_is_not_held_that_day_anywhere() -> None:
    organisation = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE)
    status = SocialEnterpriseStatus.objects.create(
        organisation=organisation,
        kind=SocialEnterpriseStatus.Kind.STATUTORY,
        granted_on=D(2023, 3, 1),
        lost_on=D(2025, 12, 31),
    )
    for day, held in ((D(2025, 12, 30), True), (D(2025, 12, 31), False)):
        assert status.is_active_on(day) is held, day
        listed = Organisation.objects.filter(statutory_status_active_on(day)).exists()
        counted = Organisation.objects.filter(ps_status_on(day, statutory_only=True)).exists()
        assert (listed, counted) == (held, held), day
