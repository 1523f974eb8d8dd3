"""The start page's headline numbers: active PES and holders of the statutory PS status."""

from __future__ import annotations

import datetime

import pytest

from contacts.models import OrganisationKind, SocialEnterpriseStatus
from crm.top.dashboard.selectors import headline_numbers
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def test_the_headline_counts_active_pes_and_who_holds_the_statutory_status_today() -> None:
    cooperative = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE)
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    OrganisationFactory(kind=OrganisationKind.ASSOCIATION, closed_on=datetime.date(2026, 1, 1))
    OrganisationFactory(kind=OrganisationKind.BUSINESS)
    statutory = SocialEnterpriseStatus.Kind.STATUTORY
    SocialEnterpriseStatus.objects.create(
        organisation=cooperative, kind=statutory, granted_on=datetime.date(2025, 1, 1)
    )
    # Lost today: no longer held.
    SocialEnterpriseStatus.objects.create(
        organisation=association, kind=statutory, granted_on=datetime.date(2025, 1, 1),
        lost_on=TODAY,
    )  # fmt: skip

    numbers = headline_numbers(today=TODAY)

    assert (numbers.pes, numbers.social_enterprises) == (2, 1)


def test_an_organisation_in_two_networks_is_one_member_and_one_who_left_is_none() -> None:
    both, gone = OrganisationFactory(), OrganisationFactory()
    first, second = NetworkFactory(), NetworkFactory()
    for organisation, network, left in [
        (both, first, None),
        (both, second, None),
        (gone, first, TODAY),
    ]:
        MembershipFactory(
            organisation=organisation,
            network=network,
            joined_on=datetime.date(2025, 1, 1),
            left_on=left,
        )

    assert headline_numbers(today=TODAY).members == 1
