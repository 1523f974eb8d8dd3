"""The admin pages data stewards use for networks and partnerships."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from networks.admin import MembershipForm
from tests.networks.factories import MembershipFactory, PartnershipPartyFactory

D = datetime.date


@pytest.mark.django_db
def test_admin_membership_form_refuses_an_overlapping_period() -> None:
    existing = MembershipFactory(joined_on=D(2018, 1, 1), left_on=D(2020, 1, 1))
    form = MembershipForm(
        data={
            "organisation": existing.organisation_id,
            "network": existing.network_id,
            "joined_on": "2019-05-01",
            "left_on": "2019-06-01",
            "role": "member",
        }
    )
    assert not form.is_valid()
    assert "overlap" in str(form.errors)


@pytest.mark.django_db
def test_admin_lists_open(client: Client, admin_user) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    MembershipFactory()
    PartnershipPartyFactory()
    client.force_login(admin_user)
    for url in [
        "/admin/networks/network/",
        "/admin/networks/membership/",
        "/admin/networks/partnership/",
        "/admin/networks/term/",
    ]:
        assert client.get(url).status_code == 200, url
